/**
 * Names a request by the route that serves it: "GET /orders/42" becomes "GET /orders/{id}" when the
 * API declares that route, so the failures of one route add up however its paths vary. Greedy
 * path variables ({proxy+}) match the rest of the path; ANY matches every method. Without a
 * matching route the request's own method and path are kept.
 *
 * @example routeFor('GET', '/orders/42', ['GET /orders', 'GET /orders/{id}']) // 'GET /orders/{id}'
 */
export function routeFor(method: string, path: string, routeKeys: readonly string[]): string {
  const exact = `${method} ${path}`;
  if (routeKeys.includes(exact)) return exact;
  let best: { key: string; literal: number } | undefined;
  for (const key of routeKeys) {
    const match = /^(\S+)\s+(\S+)$/.exec(key);
    if (!match) continue;
    const [, routeMethod, template] = match;
    if (routeMethod !== method && routeMethod !== 'ANY') continue;
    if (!templateMatches(template!, path)) continue;
    // The most specific route wins, as API Gateway picks it: the one with the most literal segments.
    const literal = template!.split('/').filter((s) => s && !s.startsWith('{')).length;
    if (!best || literal > best.literal) best = { key, literal };
  }
  return best?.key ?? exact;
}

function templateMatches(template: string, path: string): boolean {
  const pattern = template
    .split('/')
    .map((segment) => {
      if (/^\{[^}]+\+\}$/.test(segment)) return '.+';
      if (/^\{[^}]+\}$/.test(segment)) return '[^/]+';
      return segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${pattern}/?$`).test(path);
}
