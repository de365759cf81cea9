import type { Scenario } from './scenario-schema.ts';
import type { SimState } from './sim-state.ts';
import type { SimWorld } from './sim-world.ts';

/**
 * The contract between the HTTP router and the per-service handlers, and how each AWS wire
 * protocol shapes its answers and its errors so that the SDK raises the right exception.
 */

/** Header names in lower case, as Node's http module gives them. */
export type RequestHeaders = Record<string, string | string[] | undefined>;

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: RequestHeaders;
  body: string;
  /** From the SigV4 credential scope: who is calling, in which region, for which service. */
  accessKeyId: string;
  region: string;
  signingService: string;
}

export interface SimContext {
  req: SimRequest;
  world: SimWorld;
  /** Scenarios this request can see (its region; one scenario when the access key names it). */
  visible: Scenario[];
  /** The instant scenario times are relative to. */
  now: Date;
  requestId: string;
  state: SimState;
  /** Throws AccessDenied when the scenarios owning the resource deny `action` (see authorize). */
  authorize(action: string, owners?: readonly Scenario[]): void;
  /** The account the caller is in. */
  account: string;
}

export type JsonOperation = (input: Record<string, unknown>, ctx: SimContext) => unknown;
export type QueryOperation = (params: URLSearchParams, ctx: SimContext) => XmlValue;
export interface RestReply {
  status?: number;
  body: unknown;
}
export interface RestRoute {
  method: string;
  pattern: RegExp;
  operation: string;
  handle: (params: string[], ctx: SimContext) => RestReply;
}

export type SimService =
  | { name: string; protocol: 'json'; jsonVersion: '1.0' | '1.1'; queryCompatible?: boolean; operations: Record<string, JsonOperation> }
  | { name: string; protocol: 'query'; xmlNamespace: string; operations: Record<string, QueryOperation> }
  | { name: string; protocol: 'rest-json'; routes: RestRoute[] };

/** An error AWS would answer with; the router renders it in the service's protocol. */
export class AwsFault extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** For awsQuery-compatible JSON services (CloudWatch): the code Query clients know. */
    readonly queryCode?: string,
  ) {
    super(message);
    this.name = 'AwsFault';
  }
}

export interface SimReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function renderFault(service: SimService | undefined, protocol: SimService['protocol'], fault: AwsFault, requestId: string): SimReply {
  const headers: Record<string, string> = { 'x-amzn-requestid': requestId };
  if (protocol === 'query') {
    const ns = service?.protocol === 'query' ? service.xmlNamespace : 'https://sts.amazonaws.com/doc/2011-06-15/';
    headers['content-type'] = 'text/xml';
    const body =
      `<ErrorResponse xmlns="${ns}"><Error><Type>${fault.status >= 500 ? 'Receiver' : 'Sender'}</Type>` +
      `<Code>${escapeXml(fault.code)}</Code><Message>${escapeXml(fault.message)}</Message></Error>` +
      `<RequestId>${requestId}</RequestId></ErrorResponse>`;
    return { status: fault.status, headers, body };
  }
  if (protocol === 'rest-json') {
    headers['content-type'] = 'application/json';
    headers['x-amzn-errortype'] = fault.code;
    // Lambda writes Type/Message, API Gateway a lowercase message; the SDK reads either.
    const body = service?.name === 'lambda' ? { Type: fault.status >= 500 ? 'Service' : 'User', Message: fault.message } : { message: fault.message };
    return { status: fault.status, headers, body: JSON.stringify(body) };
  }
  const version = service?.protocol === 'json' ? service.jsonVersion : '1.1';
  headers['content-type'] = `application/x-amz-json-${version}`;
  if (service?.protocol === 'json' && service.queryCompatible)
    headers['x-amzn-query-error'] = `${fault.queryCode ?? fault.code};${fault.status >= 500 ? 'Receiver' : 'Sender'}`;
  return { status: fault.status, headers, body: JSON.stringify({ __type: fault.code, message: fault.message }) };
}

/** The AccessDenied error each protocol uses, with the message IAM writes. */
export function accessDenied(protocol: SimService['protocol'], action: string, ctx: Pick<SimContext, 'account' | 'req'>, resource?: string): AwsFault {
  const who = `arn:aws:sts::${ctx.account}:assumed-role/diagnose-502/${ctx.req.accessKeyId || 'sim'}`;
  const message = `User: ${who} is not authorized to perform: ${action}${resource ? ` on resource: ${resource}` : ''} because no identity-based policy allows the ${action} action`;
  if (protocol === 'query') return new AwsFault('AccessDenied', message, 403);
  if (protocol === 'rest-json') return new AwsFault('AccessDeniedException', message, 403);
  return new AwsFault('AccessDeniedException', message, 400, 'AccessDenied');
}

// -------------------------------------------------------------------------------------------
// XML for the Query protocol: objects become elements, arrays become <member> lists.

export type XmlValue = string | number | boolean | Date | undefined | null | XmlValue[] | { [key: string]: XmlValue };

export function toXml(value: XmlValue): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => `<member>${toXml(v)}</member>`).join('');
  if (typeof value === 'object')
    return Object.entries(value)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`)
      .join('');
  return escapeXml(String(value));
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string);
}

/** Query-protocol lists arrive as `Name.member.1`, `Name.member.2`... */
export function queryList(params: URLSearchParams, name: string): string[] {
  const out: string[] = [];
  for (let i = 1; params.has(`${name}.member.${i}`); i++) out.push(params.get(`${name}.member.${i}`) as string);
  return out;
}

// -------------------------------------------------------------------------------------------
// input helpers shared by the JSON handlers

export function str(input: Record<string, unknown>, key: string): string | undefined {
  const v = input[key];
  return typeof v === 'string' ? v : undefined;
}

export function num(input: Record<string, unknown>, key: string): number | undefined {
  const v = input[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** AWS JSON timestamps are epoch seconds (numbers); some clients send ISO strings. */
export function epochMs(input: Record<string, unknown>, key: string): number | undefined {
  const v = input[key];
  if (typeof v === 'number') return v * 1000;
  if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) return Date.parse(v);
  return undefined;
}
