import type { Logger } from 'pino';
import type { StateStore } from '../../adapters/store/state-store.ts';

/**
 * A signed POST as the webhook handlers see it, whether it came through the local bot's route or
 * a Lambda event: the exact body bytes (the signature covers them) and the headers.
 */
export interface WebhookRequest {
  rawBody: Buffer | string;
  /** Header names in any case; Node gives arrays for repeated headers. */
  headers: Record<string, string | string[] | undefined>;
}

export interface WebhookResponse {
  status: number;
  body: { ok: boolean; status?: string; error?: string };
}

/** What a signed-webhook handler needs: secrets to check, a store for delivery claims, a queue for `Job`. */
export interface SignedWebhookDeps<Job> {
  /** Current secret first; during a rotation the old one too. */
  secrets: string[];
  store: Pick<StateStore, 'claimOnce' | 'releaseClaim'>;
  enqueue(job: Job): Promise<void>;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
  now?: () => Date;
}

/** The first non-empty value of a header, whatever the case of its name (`name` in lower case). */
export function headerOf(headers: WebhookRequest['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && first !== '') return first;
  }
  return undefined;
}
