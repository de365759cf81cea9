/** A fixed "now" (mid-minute on purpose) so that scenario data are the same on every run. */
export const NOW = new Date('2026-03-02T10:30:15.000Z');
export const fixedNow = () => new Date(NOW);

/**
 * Configuration for a real SDK client pointed at the simulator, retries off so that each call
 * is one request. Test files build only the clients they use: importing every SDK is slow.
 */
export function simConfig(endpoint: string, accessKeyId = 'sim') {
  return { endpoint, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey: 'sim' }, maxAttempts: 1 };
}

/** The error an SDK call rejected with (fails the test if it resolved). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { name: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { name: string };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
