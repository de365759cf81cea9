/** API integration changes: method and resource, type, target (the function for Lambda), timeout, payload version. */
import { describePatch, listed, num, str, type Json } from './trail-json.ts';

export function describeApiIntegrationChange(_eventName: string, params: Json): string | undefined {
  const method = str(params.httpMethod);
  const resource = str(params.resourceId);
  const where = method && `${method}${resource ? ` on resource ${resource}` : ''}`;
  const patch = describePatch(params);
  if (patch) return where ? `${where}: ${patch}` : patch;
  const type = str(params.type) ?? str(params.integrationType);
  const uri = str(params.uri) ?? str(params.integrationUri);
  const timeout = num(params.timeoutInMillis);
  return listed([
    where,
    type,
    uri && describeUri(uri),
    timeout !== undefined ? `timeout ${timeout} ms` : undefined,
    str(params.payloadFormatVersion) && `payload ${str(params.payloadFormatVersion)}`,
  ]);
}

/** Lambda integration URIs bury the function ARN in a longer path; the function is what matters. */
function describeUri(uri: string): string {
  const match = /:function:([^/]+)/.exec(uri);
  return match ? `function ${match[1]}` : uri;
}
