/**
 * Base64 without Node's Buffer, so that the request handler can also run in a browser sandbox.
 * Tokens and ids here are ASCII or UTF-8 text, or bytes given as hex.
 */

export function textToBase64(text: string, urlSafe = false): string {
  return bytesToBase64(new TextEncoder().encode(text), urlSafe);
}

export function base64ToText(encoded: string): string {
  const normal = encoded.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(normal + '='.repeat((4 - (normal.length % 4)) % 4));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

export function hexToBase64(hex: string): string {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytesToBase64(bytes, false);
}

export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

function bytesToBase64(bytes: Uint8Array, urlSafe: boolean): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  const encoded = btoa(binary);
  return urlSafe ? encoded.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') : encoded;
}
