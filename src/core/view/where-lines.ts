import type { VerdictWhere } from '../diagnosis/types.ts';

/** One line of the "where to act" block: a short label and its value, unescaped. */
export interface WhereLine {
  label: 'route' | 'routes' | 'backend' | 'change' | 'quote';
  text: string;
}

/**
 * What to act on, as plain lines the CLI and Slack both show first, each escaped for its medium
 * by the renderer: the failing routes with their share, the backend, the change, a line read.
 *
 * @example whereLines(verdict.where)[0] // { label: 'route', text: 'GET /orders/{id} · 96 % of the 5xx (140 of 400 requests failed)' }
 */
export function whereLines(where: VerdictWhere | undefined): WhereLine[] {
  if (!where) return [];
  const lines: WhereLine[] = [];
  const routes = where.routes.slice(0, 3).map((r) => {
    const failed = r.requests !== undefined ? ` (${r.errors5xx} of ${r.requests} requests failed)` : ` (${r.errors5xx} 5xx)`;
    const cause = where.routes.some((o) => o.cause !== r.cause) && r.cause ? ` · ${r.cause}` : '';
    return `${r.route} · ${Math.round(r.share * 100)} % of the 5xx${failed}${cause}`;
  });
  if (routes.length === 1) lines.push({ label: 'route', text: routes[0]! });
  else if (routes.length > 1) lines.push({ label: 'routes', text: routes.join('; ') });

  const b = where.backend;
  if (b?.kind === 'lambda')
    lines.push({ label: 'backend', text: `Lambda ${b.functionName}${b.qualifier ? `:${b.qualifier}` : ''}${b.arn ? ` (${b.arn})` : ''}` });
  if (b?.kind === 'http') lines.push({ label: 'backend', text: `HTTP ${b.uri}` });
  if (b?.kind === 'vpc-link') {
    const chain = [`VPC link ${b.vpcLinkId} (${b.version})`];
    if (b.loadBalancerArn) chain.push(`load balancer ${b.loadBalancerArn}`);
    if (b.targetGroupArn) chain.push(`target group ${b.targetGroupArn}`);
    if (b.unhealthyTargets?.length) {
      const shown = b.unhealthyTargets.slice(0, 3).map((t) => `${t.id}${t.port !== undefined ? `:${t.port}` : ''}${t.reason ? ` ${t.reason}` : ''}`);
      const more = b.unhealthyTargets.length > 3 ? ` and ${b.unhealthyTargets.length - 3} more` : '';
      chain.push(`unhealthy: ${shown.join(', ')}${more}`);
    }
    const groups = b.securityGroups?.length ? ` · security groups ${b.securityGroups.join(', ')}` : '';
    lines.push({ label: 'backend', text: `${chain.join(' → ')}${groups}` });
  }

  const c = where.change;
  if (c) {
    const when =
      c.minutesBeforeOnset === undefined
        ? c.time
        : c.minutesBeforeOnset >= 0
          ? `${Math.round(c.minutesBeforeOnset)} min before the onset (${c.time})`
          : `${Math.round(-c.minutesBeforeOnset)} min after the onset (${c.time})`;
    lines.push({ label: 'change', text: `${c.eventName} by ${c.who}, ${when}: ${c.detail}` });
  }
  if (where.quote) lines.push({ label: 'quote', text: where.quote.text.replace(/\s+/g, ' ').trim().slice(0, 400) });
  return lines;
}
