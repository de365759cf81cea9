/** Lambda configuration changes: concurrency (reserved 0 throttles everything), timeout, memory and other settings. */
import { listed, num, type Json } from './trail-json.ts';

export function describeLambdaConfigChange(eventName: string, params: Json): string | undefined {
  const reserved = num(params.reservedConcurrentExecutions);
  if (reserved !== undefined) {
    return reserved === 0 ? 'reserved concurrency 0 (every invocation is throttled)' : `reserved concurrency ${reserved}`;
  }
  if (eventName.startsWith('DeleteFunctionConcurrency')) return 'reserved concurrency removed';
  const provisioned = num(params.provisionedConcurrentExecutions);
  if (provisioned !== undefined) return `provisioned concurrency ${provisioned}`;
  const timeout = num(params.timeout);
  const memory = num(params.memorySize);
  const named = ['handler', 'runtime', 'environment', 'vpcConfig', 'layers', 'role'].filter((key) => key in params);
  return listed([
    timeout !== undefined ? `timeout ${timeout} s` : undefined,
    memory !== undefined ? `memory ${memory} MB` : undefined,
    ...named.map((key) => `${key} changed`),
  ]);
}
