/**
 * The automatic steps of one evidence run as a live plan: find the API, read each of the four
 * sources, weigh them. Each step is pending, in progress, done or failed, with the figure it
 * found, derived from the machine's context alone, so the plan shown in Slack (streamed task
 * updates, or one message edited in place) can never disagree with the evidence.
 */
import type { DiagnosisContext } from '../../../machines/diagnosis-types.ts';
import type { EvidenceSource } from '../evidence/types.ts';
import { num, pct, rateOf } from './format-values.ts';

export type PlanTaskStatus = 'pending' | 'in_progress' | 'complete' | 'error';

export interface PlanTask {
  id: 'resolve' | EvidenceSource | 'weigh';
  title: string;
  status: PlanTaskStatus;
  /** The figure found, or why the step failed; one short line. */
  output?: string;
}

export interface ProgressPlan {
  /** Which evidence run this plan follows (1 for the first collection, 2 after a re-check…). */
  run: number;
  title: string;
  tasks: PlanTask[];
  /** True once every task is complete or failed. */
  finished: boolean;
}

/** Where the machine is, in the terms the plan needs. */
export type PlanStage = 'resolving' | 'collecting' | 'weighing' | 'settled' | 'failed';

const MAX_OUTPUT = 200;

/**
 * @example
 * buildProgressPlan(context, 'collecting').tasks.map((t) => t.status);
 * // ['complete', 'complete', 'in_progress', 'in_progress', 'complete', 'pending']
 */
export function buildProgressPlan(context: DiagnosisContext, stage: PlanStage): ProgressPlan {
  // While resolving for a re-check, `runs` still counts the previous run.
  const run = stage === 'resolving' ? context.runs + 1 : Math.max(1, context.runs);
  const minutes = context.input.sinceMinutes;
  const api = context.api;
  const fresh = stage === 'resolving';
  const evidence = context.evidence;
  const resolve: PlanTask = fresh
    ? { id: 'resolve', title: 'Find the API and its stage', status: 'in_progress' }
    : stage === 'failed' && !api
      ? { id: 'resolve', title: 'Find the API and its stage', status: 'error', output: short(context.error?.message ?? 'the API could not be resolved') }
      : {
          id: 'resolve',
          title: 'Find the API and its stage',
          status: 'complete',
          ...(api
            ? { output: `${api.type === 'rest' ? 'REST' : 'HTTP'} API ${api.name}, stage ${api.stage.name}, ${api.integrations.length} integration(s)` }
            : {}),
        };
  const source = (id: EvidenceSource, title: string, found: () => string): PlanTask => {
    const value = fresh ? undefined : evidence[id];
    if (value === undefined) {
      const status: PlanTaskStatus = stage === 'collecting' ? 'in_progress' : stage === 'failed' ? 'error' : 'pending';
      return { id, title, status, ...(status === 'error' ? { output: 'not collected' } : {}) };
    }
    if (value === null) {
      const reason = evidence.missing.find((m) => m.source === id)?.reason ?? 'not available';
      return { id, title, status: 'error', output: short(reason) };
    }
    return { id, title, status: 'complete', output: short(found()) };
  };
  const metrics = source('metrics', 'Read 5xx and latency metrics', () => {
    const m = evidence.metrics!;
    return `${num(m.totals.errors5xx)} 5xx of ${num(m.totals.requests)} requests (${pct(rateOf(m.totals), 1)})${m.onset ? `, onset ${m.onset.slice(11, 16)} UTC` : ''}`;
  });
  const logs = source('logs', 'Read the gateway logs', () => {
    const l = evidence.logs!;
    const lines = l.classes.reduce((n, c) => n + c.count, 0);
    const top = [...l.classes].sort((a, b) => b.count - a.count)[0];
    return `${num(lines)} failure lines${top ? `, mostly ${top.category}` : ''}${l.scanned.truncated ? ' (scan cut short)' : ''}`;
  });
  const changes = source('changes', 'Look up CloudTrail changes', () => {
    const c = evidence.changes!;
    const related = c.changes.filter((x) => x.relatedToApi).length;
    return `${c.changes.length} change(s), ${related} on the API's path`;
  });
  const config = source('config', 'Check the integration configuration', () => {
    const c = evidence.config!;
    const risks = c.integrations.flatMap((i) => i.risks);
    return `${c.integrations.length} integration(s), ${risks.length === 0 ? 'no risk found' : `${risks.length} risk(s): ${risks[0]}`}`;
  });
  const verdict = context.verdict;
  const weigh: PlanTask =
    stage === 'settled' && verdict
      ? {
          id: 'weigh',
          title: 'Weigh the evidence',
          status: 'complete',
          output: short(`${verdict.cause}${verdict.confidence > 0 ? ` (${pct(verdict.confidence)} confidence)` : ''}`),
        }
      : stage === 'weighing'
        ? { id: 'weigh', title: 'Weigh the evidence', status: 'in_progress' }
        : stage === 'failed'
          ? { id: 'weigh', title: 'Weigh the evidence', status: 'error', output: short(context.error?.message ?? 'the diagnosis stopped') }
          : { id: 'weigh', title: 'Weigh the evidence', status: 'pending' };
  const tasks = [resolve, metrics, logs, changes, config, weigh];
  const where = api ? `${api.name} ${api.stage.name}` : `${context.input.ref.apiId} ${context.input.ref.stage}`;
  return {
    run,
    title: `${run > 1 ? 'Re-checking' : 'Diagnosing'} ${where} over the last ${minutes >= 120 && minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`}`,
    tasks,
    finished: tasks.every((t) => t.status === 'complete' || t.status === 'error'),
  };
}

function short(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > MAX_OUTPUT ? `${one.slice(0, MAX_OUTPUT - 1)}…` : one;
}
