import { parseDocument } from 'yaml';
import type { z } from 'zod';

/**
 * Parses YAML and validates it against a zod schema, the way every file the bot reads is read:
 * one error that names the file and every problem with its path, e.g.
 * `runbooks/x.yaml: causes.timeout.fix: must contain at least 1 item`.
 */
export function parseYamlWithSchema<T>(
  text: string,
  sourceName: string,
  schema: z.ZodType<T>,
  toError: (message: string, options: ErrorOptions) => Error,
  options: { emptyAs?: unknown } = {},
): T {
  // Duplicate keys are an error: the second would silently win.
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    // The first line of each message names the problem and its position; the rest is a code frame.
    const problems = doc.errors.map((e) => (e.message.split('\n')[0] ?? '').replace(/:$/, '')).join('; ');
    throw toError(`${sourceName}: not valid YAML: ${problems}`, { cause: doc.errors[0] });
  }
  const raw = doc.toJS() ?? options.emptyAs;
  const result = schema.safeParse(raw);
  if (!result.success) throw toError(`${sourceName}: ${describeZodIssues(result.error.issues)}`, { cause: result.error });
  return result.data;
}

export function describeZodIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
      // "expected object, received undefined" means the section is absent; say so plainly.
      const message = issue.code === 'invalid_type' && /received undefined$/.test(issue.message) ? 'is required' : issue.message;
      return `${path}: ${message}`;
    })
    .join('; ');
}
