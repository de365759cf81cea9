import { base64ToText, textToBase64 } from './base64.ts';
import { hexFor } from './seeded-random.ts';

/**
 * Opaque pagination tokens. A token remembers the instant the first page was materialised
 * (`anchorMs`), so later pages read the same events even though scenario times are relative to
 * "now", plus a fingerprint of the request so a token cannot be replayed against another query.
 */
export interface PageCursor {
  anchorMs: number;
  index: number;
  fingerprint: string;
}

export function fingerprint(value: unknown): string {
  // Not a security boundary: it only catches a token being reused with other parameters.
  return hexFor(16, JSON.stringify(value) ?? '');
}

export function encodePageToken(cursor: PageCursor): string {
  return textToBase64(JSON.stringify([cursor.anchorMs, cursor.index, cursor.fingerprint]), true);
}

/** Returns undefined for anything that is not a token this simulator issued for this request. */
export function decodePageToken(token: string, expectedFingerprint: string): PageCursor | undefined {
  try {
    const parsed: unknown = JSON.parse(base64ToText(token));
    if (!Array.isArray(parsed) || parsed.length !== 3) return undefined;
    const [anchorMs, index, print] = parsed as unknown[];
    if (typeof anchorMs !== 'number' || typeof index !== 'number' || print !== expectedFingerprint) return undefined;
    if (!Number.isInteger(index) || index < 0) return undefined;
    return { anchorMs, index, fingerprint: print };
  } catch {
    return undefined;
  }
}
