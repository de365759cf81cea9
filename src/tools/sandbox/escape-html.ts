/**
 * HTML escaping for the sandbox page. Everything a message shows came from AWS data, a runbook or
 * a user's scenario file, so every string is escaped on its way into markup, attributes included.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for an HTML element body or a quoted attribute value.
 *
 * @example
 * escapeHtml('<img src=x onerror="alert(1)">'); // '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/**
 * A URL safe to put in href/src: absolute http(s) or mailto only (a `javascript:` link in a log
 * line must not become clickable). Anything else gives undefined.
 */
export function safeUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const parsed = new URL(raw.trim());
    return ['http:', 'https:', 'mailto:'].includes(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
