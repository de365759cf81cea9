/**
 * Deterministic randomness for scenario data: the same scenario, key and minute always give the
 * same jitter, request id or event id, so tests can assert exact values and a page token stays
 * valid between calls.
 */

/** FNV-1a over the joined parts: a stable 32-bit seed from any mix of strings and numbers. */
export function hashSeed(...parts: Array<string | number>): number {
  let h = 0x811c9dc5;
  const text = parts.join('\u0001');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: small, fast and good enough for jitter; returns a generator of floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A float in [0, 1) derived from the parts alone. */
export function randomFor(...parts: Array<string | number>): number {
  return seededRandom(hashSeed(...parts))();
}

/** `length` lowercase hex characters derived from the parts. */
export function hexFor(length: number, ...parts: Array<string | number>): string {
  const next = seededRandom(hashSeed(...parts));
  let out = '';
  while (out.length < length)
    out += Math.floor(next() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return out.slice(0, length);
}

/** A version-4-shaped UUID derived from the parts, like the request ids AWS prints. */
export function uuidFor(...parts: Array<string | number>): string {
  const h = hexFor(32, ...parts);
  const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** `length` decimal digits derived from the parts (CloudWatch Logs event ids look like this). */
export function digitsFor(length: number, ...parts: Array<string | number>): string {
  const next = seededRandom(hashSeed(...parts));
  let out = '';
  while (out.length < length)
    out += Math.floor(next() * 1e9)
      .toString()
      .padStart(9, '0');
  return out.slice(0, length);
}
