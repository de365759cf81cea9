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

/** The first non-empty value of a header, whatever the case of its name (`name` in lower case). */
export function headerOf(headers: WebhookRequest['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && first !== '') return first;
  }
  return undefined;
}
