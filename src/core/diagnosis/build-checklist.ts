/**
 * The first-ten-minutes checklist for a 502, with each step's state derived from the evidence
 * and the answers people gave. Derived, never stored, so it cannot disagree with the evidence.
 */
import type { ApiDescriptor } from '../api/api-descriptor.ts';
import type { Evidence } from '../evidence/types.ts';
import type { ChecklistItem, ManualStepId, StepRecord } from './types.ts';

const ANSWER_TEXT: Record<StepRecord['answer'], string> = {
  'works-directly': 'the backend works when called directly',
  'fails-directly': 'the backend fails when called directly too',
  'fails-in-backend': 'the trace shows the failure inside the backend',
  'fails-before-backend': 'the trace stops before the backend',
  'templates-ok': 'templates and method responses look right',
  'templates-broken': 'a template or method response is broken',
  done: 'done',
  skipped: 'skipped',
};

export function buildChecklist(api: ApiDescriptor | undefined, evidence: Evidence, steps: StepRecord[]): ChecklistItem[] {
  const answered = new Map<ManualStepId, StepRecord>();
  for (const s of steps) answered.set(s.step, s);
  const manual = (id: ManualStepId, title: string, notApplicable?: string): ChecklistItem => {
    const answer = answered.get(id);
    if (answer) {
      return {
        id,
        title,
        kind: 'manual',
        status: answer.answer === 'skipped' ? 'skipped' : 'done',
        result: `${ANSWER_TEXT[answer.answer]} (${answer.by}, ${answer.at})`,
      };
    }
    if (notApplicable) return { id, title, kind: 'manual', status: 'not-applicable', result: notApplicable };
    return { id, title, kind: 'manual', status: 'pending' };
  };

  const logs = evidence.logs;
  const logsMissing = evidence.missing.find((m) => m.source === 'logs');
  const metrics = evidence.metrics;
  const config = evidence.config;
  const proxyOnly = api !== undefined && api.integrations.length > 0 && api.integrations.every((i) => i.type === 'AWS_PROXY' || i.type === 'HTTP_PROXY');
  const tracingOff = api !== undefined && !api.stage.tracingEnabled;

  return [
    logs
      ? {
          id: 'execution-logs',
          title: 'Read the execution logs',
          kind: 'automatic',
          status: 'done',
          result: `${logs.classes.reduce((n, c) => n + c.count, 0)} failure lines in ${logs.logGroup}${logs.scanned.truncated ? ' (scan cut short)' : ''}`,
        }
      : { id: 'execution-logs', title: 'Read the execution logs', kind: 'automatic', status: logsMissing ? 'skipped' : 'pending', result: logsMissing?.reason },
    manual('direct-call', 'Call the backend directly, bypassing API Gateway'),
    metrics
      ? {
          id: 'metrics',
          title: 'Check 5xx and IntegrationLatency metrics',
          kind: 'automatic',
          status: 'done',
          result: `${metrics.totals.errors5xx} 5xx of ${metrics.totals.requests} requests (${(metrics.totals.rate * 100).toFixed(1)} %, ${metrics.totals.severity})`,
        }
      : {
          id: 'metrics',
          title: 'Check 5xx and IntegrationLatency metrics',
          kind: 'automatic',
          status: evidence.missing.some((m) => m.source === 'metrics') ? 'skipped' : 'pending',
        },
    manual('tracing', 'Follow a failing request in X-Ray', tracingOff ? 'X-Ray tracing is off on this stage' : undefined),
    manual('mapping-templates', 'Inspect mapping templates and method responses', proxyOnly ? 'proxy integrations have no mapping templates' : undefined),
    config
      ? {
          id: 'timeout-settings',
          title: 'Compare timeout settings',
          kind: 'automatic',
          status: 'done',
          result: config.integrations.flatMap((i) => i.risks.filter((r) => /timeout/i.test(r))).join('; ') || 'no timeout mismatch found',
        }
      : {
          id: 'timeout-settings',
          title: 'Compare timeout settings',
          kind: 'automatic',
          status: evidence.missing.some((m) => m.source === 'config') ? 'skipped' : 'pending',
        },
  ];
}
