/**
 * Defensive reading of CloudTrail's JSON: request parameters differ by service and API version
 * (EC2 wraps lists in `{ items }`, newer EC2 actions capitalise field names), and a description
 * must never fail on a shape it did not expect.
 */

export type Json = Record<string, unknown>;

/** Parts beyond this many are counted ("and 2 more") rather than listed. */
const MAX_LISTED = 3;

export function obj(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

export function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** CloudTrail writes EC2 lists as `{ items: [...] }`, other services as plain arrays. */
export function items(value: unknown): unknown[] {
  if (Array.isArray(value)) return [...value];
  const inner = obj(value)?.items;
  if (Array.isArray(inner)) return [...inner];
  // A single object where a list was expected, e.g. one SecurityGroupRule; `{}` is an empty list.
  const single = obj(value);
  return single && !('items' in single) && Object.keys(single).length > 0 ? [single] : [];
}

/** Reads `groupId` or `GroupId`: EC2's newer actions record capitalised field names. */
export function field(value: Json | undefined, key: string): unknown {
  if (!value) return undefined;
  if (key in value) return value[key];
  const capitalised = key.charAt(0).toUpperCase() + key.slice(1);
  return value[capitalised];
}

/** The request itself, plus the `XxxRequest` object some EC2 actions wrap their fields in. */
export function paramScopes(params: Json): Json[] {
  const scopes = [params];
  for (const [key, value] of Object.entries(params)) {
    const nested = obj(value);
    if (nested && key.endsWith('Request')) scopes.push(nested);
  }
  return scopes;
}

/** Joins the present parts, showing a few and counting the rest. */
export function listed(parts: Array<string | undefined | false | null | ''>, separator = '; '): string | undefined {
  const present = parts.filter(isText);
  if (present.length === 0) return undefined;
  const shown = present.slice(0, MAX_LISTED).join(separator);
  return present.length > MAX_LISTED ? `${shown}${separator}and ${present.length - MAX_LISTED} more` : shown;
}

/** `arn:aws:elasticloadbalancing:…:targetgroup/web/73e2…` reads better as `targetgroup/web/73e2…`. */
export function shortArn(value: string): string {
  return value.startsWith('arn:') ? value.split(':').slice(5).join(':') || value : value;
}

/** REST API updates carry JSON-patch operations: `replace /timeoutInMillis=5000`. */
export function describePatch(params: Json): string | undefined {
  const operations = items(params.patchOperations ?? params.patchOperationsList).map((item) => {
    const op = obj(item);
    const path = str(field(op, 'path'));
    if (!path) return undefined;
    const value = field(op, 'value');
    const shown = str(value) ?? (typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined);
    return `${str(field(op, 'op')) ?? 'change'} ${path}${shown !== undefined ? `=${shown}` : ''}`;
  });
  return listed(operations);
}

export function scalarSettings(params: Json, skip: string[]): string[] {
  return Object.entries(params)
    .filter(([key, value]) => !skip.includes(key) && ['string', 'number', 'boolean'].includes(typeof value))
    .map(([key, value]) => `${key}=${String(value)}`);
}
