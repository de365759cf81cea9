/** The per-request fields diagnose-502 reads from an access-log record. */
export type AccessLogField =
  | 'requestId'
  | 'status'
  | 'integrationError'
  | 'integrationStatus'
  | 'integrationLatency'
  | 'responseLatency'
  | 'routeKey'
  | 'httpMethod'
  | 'resourcePath'
  | 'path'
  | 'errorMessage'
  | 'errorResponseType';

export type AccessLogFormat =
  /** Where each field sits in a record: the chain of JSON keys leading to its value. */
  | { kind: 'json'; fields: Partial<Record<AccessLogField, string[]>> }
  /** CLF, CSV, XML or anything else whose records cannot be read field by field. */
  | { kind: 'text' };

/** $context variables (without the prefix) and the field each one fills; aliases share a field. */
const VARIABLES: Readonly<Record<string, AccessLogField>> = {
  requestId: 'requestId',
  status: 'status',
  integrationErrorMessage: 'integrationError',
  'integration.error': 'integrationError',
  integrationStatus: 'integrationStatus',
  'integration.integrationStatus': 'integrationStatus',
  integrationLatency: 'integrationLatency',
  'integration.latency': 'integrationLatency',
  responseLatency: 'responseLatency',
  routeKey: 'routeKey',
  httpMethod: 'httpMethod',
  resourcePath: 'resourcePath',
  path: 'path',
  'error.message': 'errorMessage',
  'error.responseType': 'errorResponseType',
};

/**
 * Reads a stage's access-log format and finds where each useful $context variable lands in the
 * JSON record. Formats often leave numeric variables unquoted (`"status": $context.status`), which
 * is not JSON until API Gateway substitutes the value, so those are quoted before parsing.
 *
 * @example parseAccessLogFormat('{"id":"$context.requestId","status":$context.status}')
 * // { kind: 'json', fields: { requestId: ['id'], status: ['status'] } }
 */
export function parseAccessLogFormat(format: string | undefined): AccessLogFormat {
  const text = format?.trim() ?? '';
  if (!text.startsWith('{') || !text.endsWith('}')) return { kind: 'text' };
  let template: unknown;
  try {
    template = JSON.parse(text.replace(/(:\s*)(\$context\.[A-Za-z0-9_.]+)/g, '$1"$2"'));
  } catch {
    return { kind: 'text' };
  }
  const fields: Partial<Record<AccessLogField, string[]>> = {};
  walk(template, [], (path, value) => {
    const variable = /^\$context\.([A-Za-z0-9_.]+)$/.exec(value.trim())?.[1];
    const field = variable === undefined ? undefined : VARIABLES[variable];
    // The first key that carries a variable wins, so an alias later in the format changes nothing.
    if (field && !fields[field]) fields[field] = path;
  });
  return { kind: 'json', fields };
}

/**
 * The fields of one access-log record, as strings; "-" (API Gateway's "no value") and empty values
 * are left out. Undefined when the line is not a JSON object.
 */
export function readAccessLogRecord(format: Extract<AccessLogFormat, { kind: 'json' }>, line: string): Partial<Record<AccessLogField, string>> | undefined {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isObject(record)) return undefined;
  const out: Partial<Record<AccessLogField, string>> = {};
  for (const [field, path] of Object.entries(format.fields) as [AccessLogField, string[]][]) {
    let value: unknown = record;
    for (const key of path) value = isObject(value) ? value[key] : undefined;
    const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : undefined;
    if (text !== undefined && text !== '' && text !== '-') out[field] = text;
  }
  return out;
}

function walk(node: unknown, path: string[], visit: (path: string[], value: string) => void): void {
  if (typeof node === 'string') visit(path, node);
  else if (isObject(node)) for (const [key, child] of Object.entries(node)) walk(child, [...path, key], visit);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
