/**
 * The REST APIs a `5XXError` alarm's ApiName dimension can mean. The dimension is the API's name
 * with non-ASCII characters stripped (the id when nothing is left), so it is compared against
 * that, not the raw name; two APIs with one name share the metric and both are returned, for the
 * caller to list rather than pick.
 */
import { restMetricApiName } from '../../core/api/api-descriptor.ts';
import type { ApiCandidate } from '../../core/errors/diagnose-error.ts';
import type { AwsClients } from './aws-clients.ts';
import { listRestApis } from './list-apis.ts';

export async function findRestApisByMetricName(clients: AwsClients, apiName: string, signal?: AbortSignal): Promise<ApiCandidate[]> {
  const all = await listRestApis(clients, signal);
  return all.filter((api) => restMetricApiName(api) === apiName);
}
