/**
 * The 502 decision machine. It resolves the API, gathers the four sources of evidence at once,
 * weighs them, and lands in the state named after the verdict. From there people answer manual
 * checklist steps, rule out a cause, ask for a re-check or verify a fix, and the machine weighs
 * again. It performs no I/O: every actor below is a placeholder that adapters replace with
 * `machine.provide({ actors })`, and tests replace with fakes.
 */
import { assign, fromPromise, setup, type DoneActorEvent, type ErrorActorEvent } from 'xstate';
import { buildChecklist } from '../src/core/diagnosis/build-checklist.ts';
import { decideVerdict } from '../src/core/diagnosis/decide-verdict.ts';
import { judgeConfigRisks } from '../src/core/diagnosis/judge-config-risks.ts';
import type { FixVerification, VerdictCause } from '../src/core/diagnosis/types.ts';
import { weighEvidence } from '../src/core/diagnosis/weigh-evidence.ts';
import type { CollectorResult, EvidenceSource, FunctionLogsFindings, MissingEvidence } from '../src/core/evidence/types.ts';
import type {
  ChangesFindings,
  CollectorInput,
  ConfigFindings,
  DiagnosisContext,
  DiagnosisError,
  DiagnosisEvent,
  DiagnosisInput,
  LogsFindings,
  MetricsFindings,
  ResolveApiInput,
  ResolveApiOutput,
  VerifyFixInput,
} from './diagnosis-types.ts';
import { repeatedPressOf } from './repeated-press.ts';

/** Bump when the context or states change shape; stored snapshots of another version are not resumed. */
export const DIAGNOSIS_MACHINE_VERSION = 2;

const notProvided = (name: string) =>
  fromPromise<never, unknown>(async () => {
    throw new Error(`The "${name}" actor was not provided: supply it with diagnosisMachine.provide({ actors })`);
  });

const collector = <T>(name: string) => notProvided(name) as unknown as ReturnType<typeof fromPromise<CollectorResult<T>, CollectorInput>>;

export const diagnosisMachine = setup({
  types: {
    input: {} as DiagnosisInput,
    context: {} as DiagnosisContext,
    events: {} as DiagnosisEvent,
  },
  actors: {
    resolveApi: notProvided('resolveApi') as unknown as ReturnType<typeof fromPromise<ResolveApiOutput, ResolveApiInput>>,
    collectMetrics: collector<MetricsFindings>('collectMetrics'),
    collectLogs: collector<LogsFindings>('collectLogs'),
    collectChanges: collector<ChangesFindings>('collectChanges'),
    collectConfig: collector<ConfigFindings>('collectConfig'),
    /**
     * The functions' own logs are an optional source: an adapter that cannot read them may leave
     * this out, and the diagnosis weighs the other four.
     */
    collectFunctionLogs: fromPromise<CollectorResult<FunctionLogsFindings>, CollectorInput>(async () => ({ findings: null, missing: [] })),
    verifyFix: notProvided('verifyFix') as unknown as ReturnType<typeof fromPromise<FixVerification, VerifyFixInput>>,
  },
  guards: {
    /** The verdict reached by weighing is the one this state is named after. */
    verdictIs: ({ context }, params: { cause: VerdictCause }) => context.verdict?.cause === params.cause,
    /** A step can be answered once per run; a second press on the same step is stale. */
    stepIsOpen: ({ context, event }) =>
      event.type === 'STEP_ANSWERED' && buildChecklist(context.api, context.evidence, context.steps).some((s) => s.id === event.step && s.status === 'pending'),
    /** Only a cause that is still standing can be ruled out. */
    causeIsStanding: ({ context, event }) =>
      event.type === 'REJECT_HYPOTHESIS' && !context.rejected.includes(event.cause) && context.hypotheses.some((h) => h.cause === event.cause),
    fixVerified: (_, params: { verification: FixVerification }) => params.verification.verified,
    /** A re-check or fix verification asked for moments after the same request joins that one. */
    isNewPress: ({ context, event }) => repeatedPressOf(context.timeline, event) === null,
  },
  actions: {
    recordFindings: assign(({ context, event }, params: { key: EvidenceKey; source: EvidenceSource }) => {
      const output = (event as unknown as DoneActorEvent<CollectorResult<unknown>>).output;
      // Collectors report facts; the risks the API's own configuration implies are judged here.
      const findings =
        params.key === 'config' && output.findings && context.api ? judgeConfigRisks(context.api, output.findings as ConfigFindings) : output.findings;
      return {
        evidence: { ...context.evidence, [params.key]: findings, missing: [...context.evidence.missing, ...output.missing] },
      };
    }),
    recordCollectorFailure: assign(({ context, event }, params: { key: EvidenceKey; source: EvidenceSource }) => {
      const error = (event as unknown as ErrorActorEvent).error;
      return {
        evidence: { ...context.evidence, [params.key]: null, missing: [...context.evidence.missing, collectorCrashed(params.source, error)] },
      };
    }),
    weigh: assign(({ context }) => {
      if (!context.api) return {};
      const hypotheses = weighEvidence({ api: context.api, evidence: context.evidence, steps: context.steps, rejected: context.rejected });
      return { hypotheses, verdict: decideVerdict(hypotheses, context.evidence, context.api) };
    }),
  },
}).createMachine({
  id: 'diagnose-502',
  context: ({ input }) => ({
    input,
    evidence: { missing: [] },
    hypotheses: [],
    steps: [],
    rejected: [],
    timeline: [],
    runs: 0,
  }),
  initial: 'resolving',
  states: {
    resolving: {
      invoke: {
        id: 'resolveApi',
        src: 'resolveApi',
        input: ({ context }) => context.input,
        onDone: {
          target: 'collecting',
          actions: assign(({ context, event }) => ({
            api: event.output.api,
            window: event.output.window,
            evidence: { missing: [] },
            runs: context.runs + 1,
          })),
        },
        onError: { target: 'failed', actions: assign({ error: ({ event }) => toDiagnosisError(event.error) }) },
      },
    },
    collecting: {
      type: 'parallel',
      states: {
        metrics: region('metrics', 'metrics', 'collectMetrics'),
        logs: region('logs', 'logs', 'collectLogs'),
        changes: region('changes', 'changes', 'collectChanges'),
        config: region('config', 'config', 'collectConfig'),
        functionLogs: region('functionLogs', 'logs', 'collectFunctionLogs'),
      },
      onDone: 'weighing',
    },
    weighing: {
      entry: 'weigh',
      always: [
        { guard: { type: 'verdictIs', params: { cause: 'none' } }, target: 'verdict.none' },
        { guard: { type: 'verdictIs', params: { cause: 'timeout' } }, target: 'verdict.timeout' },
        { guard: { type: 'verdictIs', params: { cause: 'network' } }, target: 'verdict.network' },
        { guard: { type: 'verdictIs', params: { cause: 'permission' } }, target: 'verdict.permission' },
        { guard: { type: 'verdictIs', params: { cause: 'format' } }, target: 'verdict.format' },
        { guard: { type: 'verdictIs', params: { cause: 'backend-error' } }, target: 'verdict.backend-error' },
        { target: 'verdict.inconclusive' },
      ],
    },
    verdict: {
      initial: 'inconclusive',
      states: {
        timeout: {},
        network: {},
        permission: {},
        format: {},
        'backend-error': {},
        none: {},
        inconclusive: {},
      },
      on: {
        STEP_ANSWERED: {
          guard: 'stepIsOpen',
          target: 'weighing',
          actions: assign(({ context, event }) => ({
            steps: [...context.steps, { step: event.step, answer: event.answer, by: event.by, at: event.at }],
            timeline: [
              ...context.timeline,
              { kind: 'step-answered', step: event.step, answer: event.answer, at: event.at, by: event.by, what: `checklist ${event.step}: ${event.answer}` },
            ],
          })),
        },
        REJECT_HYPOTHESIS: {
          guard: 'causeIsStanding',
          target: 'weighing',
          actions: assign(({ context, event }) => ({
            rejected: [...context.rejected, event.cause],
            timeline: [...context.timeline, { kind: 'hypothesis-rejected', cause: event.cause, at: event.at, by: event.by, what: `ruled out ${event.cause}` }],
          })),
        },
        RECHECK: {
          guard: 'isNewPress',
          target: 'resolving',
          actions: assign(({ context, event }) => ({
            ...(event.sinceMinutes ? { input: { ...context.input, sinceMinutes: event.sinceMinutes } } : {}),
            timeline: [
              ...context.timeline,
              {
                kind: 'recheck-asked',
                at: event.at,
                by: event.by,
                what: event.sinceMinutes
                  ? `asked for a re-check of the evidence over the last ${event.sinceMinutes} min`
                  : 'asked for a re-check of the evidence',
              },
            ],
          })),
        },
        VERIFY_FIX: {
          guard: 'isNewPress',
          target: 'verifying',
          actions: assign(({ context, event }) => ({
            timeline: [...context.timeline, { kind: 'fix-verification-asked', at: event.at, by: event.by, what: 'asked to verify the fix' }],
          })),
        },
      },
    },
    verifying: {
      invoke: {
        id: 'verifyFix',
        src: 'verifyFix',
        input: ({ context, event }) => {
          const e = event as Extract<DiagnosisEvent, { type: 'VERIFY_FIX' }>;
          return { api: context.api!, baselineRate: context.evidence.metrics?.baseline.rate ?? 0, at: e.at, by: e.by };
        },
        onDone: [
          {
            guard: { type: 'fixVerified', params: ({ event }) => ({ verification: event.output }) },
            target: 'resolved',
            actions: assign(({ context, event }) => ({
              verification: event.output,
              timeline: [
                ...context.timeline,
                { kind: 'fix-checked', verified: true, at: event.output.at, by: event.output.by, what: `fix verified: ${event.output.summary}` },
              ],
            })),
          },
          {
            target: 'weighing',
            actions: assign(({ context, event }) => ({
              verification: event.output,
              timeline: [
                ...context.timeline,
                { kind: 'fix-checked', verified: false, at: event.output.at, by: event.output.by, what: `fix not verified yet: ${event.output.summary}` },
              ],
            })),
          },
        ],
        onError: {
          target: 'weighing',
          actions: assign(({ context, event }) => ({
            evidence: {
              ...context.evidence,
              missing: [...context.evidence.missing, { source: 'metrics', reason: `fix verification failed: ${toDiagnosisError(event.error).message}` }],
            },
          })),
        },
      },
    },
    resolved: { type: 'final' },
    failed: { type: 'final' },
  },
});

/** One parallel region per evidence source: run its collector, record what it found or why not. */
/** Where each collector's findings are kept in the evidence. */
type EvidenceKey = EvidenceSource | 'functionLogs';

function region<const S extends 'collectMetrics' | 'collectLogs' | 'collectChanges' | 'collectConfig' | 'collectFunctionLogs'>(
  key: EvidenceKey,
  source: EvidenceSource,
  src: S,
) {
  return {
    initial: 'running' as const,
    states: {
      running: {
        invoke: {
          id: src,
          src,
          input: ({ context }: { context: DiagnosisContext }): CollectorInput => ({ api: context.api!, window: context.window! }),
          onDone: { target: 'done' as const, actions: { type: 'recordFindings' as const, params: { key, source } } },
          onError: { target: 'done' as const, actions: { type: 'recordCollectorFailure' as const, params: { key, source } } },
        },
      },
      done: { type: 'final' as const },
    },
  };
}

function collectorCrashed(source: EvidenceSource, error: unknown): MissingEvidence {
  return { source, reason: `the ${source} collector failed unexpectedly: ${toDiagnosisError(error).message}` };
}

/** Errors must survive JSON persistence, so keep only their plain parts. */
function toDiagnosisError(error: unknown): DiagnosisError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, code: typeof code === 'string' ? code : 'unexpected', message: error.message };
  }
  return { name: 'Error', code: 'unexpected', message: String(error) };
}
