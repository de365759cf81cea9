/**
 * CloudWatch Logs filter patterns, the subset diagnose-502 sends (its collectors use `?"phrase"`
 * alternatives only):
 * - empty: every event;
 * - terms: `ERROR "exact phrase"` (all must appear), `?A ?"B"` (at least one), `-term` (must not
 *   appear); matching is case-sensitive, like CloudWatch.
 * JSON `{ ... }`, `%regex%` and space-delimited `[...]` patterns are not simulated: they are
 * refused like a malformed pattern, so a collector that starts sending one fails its tests loudly.
 */

export class FilterPatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterPatternError';
  }
}

export type EventPredicate = (message: string) => boolean;

export function compileFilterPattern(pattern: string | undefined): EventPredicate {
  const text = (pattern ?? '').trim();
  if (text === '') return () => true;
  if (text.startsWith('{') || text.startsWith('[')) throw new FilterPatternError('JSON and space-delimited filter patterns are not simulated');
  return compileTermPattern(text);
}

// -------------------------------------------------------------------------------------------
// term patterns

type TermTest = (message: string) => boolean;

function compileTermPattern(text: string): EventPredicate {
  const required: TermTest[] = [];
  const optional: TermTest[] = [];
  const excluded: TermTest[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t') {
      i++;
      continue;
    }
    let bucket = required;
    if (ch === '?') {
      bucket = optional;
      i++;
    } else if (ch === '-') {
      bucket = excluded;
      i++;
    }
    const [test, next] = readTerm(text, i);
    bucket.push(test);
    i = next;
  }
  if (required.length + optional.length + excluded.length === 0) return () => true;
  return (message) => required.every((t) => t(message)) && !excluded.some((t) => t(message)) && (optional.length === 0 || optional.some((t) => t(message)));
}

function readTerm(text: string, start: number): [TermTest, number] {
  const first = text[start];
  if (first === '"') {
    let i = start + 1;
    let phrase = '';
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\' && i + 1 < text.length) i++;
      phrase += text[i];
      i++;
    }
    if (i >= text.length) throw new FilterPatternError(`unterminated quote in filter pattern: ${text}`);
    return [(m) => m.includes(phrase), i + 1];
  }
  if (first === '%') throw new FilterPatternError('%regex% filter patterns are not simulated');
  let i = start;
  while (i < text.length && text[i] !== ' ' && text[i] !== '\t') i++;
  const term = text.slice(start, i);
  if (term === '') throw new FilterPatternError(`empty term in filter pattern: ${text}`);
  if (!/^[\w.:/@=+,]+$/.test(term)) throw new FilterPatternError(`term "${term}" has characters that must be quoted`);
  return [(m) => m.includes(term), i];
}
