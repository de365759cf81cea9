/**
 * Runs an async initialiser once per Lambda execution environment and shares the result with
 * every later invocation. A failed attempt is forgotten, so the next invocation tries again
 * instead of failing forever on a transient error (an SSM throttle at cold start).
 *
 * @example
 * const secrets = oncePerColdStart(() => loadSsmSecrets(ssm, prefix));
 * export const handler = async () => use(await secrets());
 */
export function oncePerColdStart<T>(init: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= init().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
