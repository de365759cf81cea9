/** The diagnosis machine with fake actors answering from an evidence fixture, counting their runs. */
import { fromPromise } from 'xstate';
import { diagnosisMachine } from '../../../machines/diagnosis.machine.ts';
import type { ResolveApiInput, ResolveApiOutput, VerifyFixInput } from '../../../machines/diagnosis-types.ts';
import type { FixVerification } from '../../../src/core/diagnosis/types.ts';
import type { CollectorInput, CollectorResult, Evidence } from '../../../src/core/evidence/types.ts';
import { CASES, WINDOW } from '../../fixtures/evidence-builders.ts';

export type FakeCase = keyof typeof CASES;

export function fakeDiagnosisLogic(kind: FakeCase, options: { tracing?: boolean; gate?: () => Promise<void>; evidence?: Partial<Evidence> } = {}) {
  const base = CASES[kind]();
  const fixture = { ...base, evidence: { ...base.evidence, ...options.evidence } };
  const api = { ...fixture.api, stage: { ...fixture.api.stage, tracingEnabled: options.tracing ?? true } };
  const runs = { resolveApi: 0, collectors: 0, verifyFix: 0 };
  const from = <K extends 'metrics' | 'logs' | 'changes' | 'config'>(key: K) =>
    fromPromise<CollectorResult<NonNullable<Evidence[K]>>, CollectorInput>(async () => {
      runs.collectors++;
      await options.gate?.();
      return { findings: fixture.evidence[key] as NonNullable<Evidence[K]>, missing: [] };
    });
  const logic = diagnosisMachine.provide({
    actors: {
      resolveApi: fromPromise<ResolveApiOutput, ResolveApiInput>(async () => {
        runs.resolveApi++;
        return { api, window: WINDOW };
      }),
      collectMetrics: from('metrics'),
      collectLogs: from('logs'),
      collectChanges: from('changes'),
      collectConfig: from('config'),
      verifyFix: fromPromise<FixVerification, VerifyFixInput>(async ({ input }) => {
        runs.verifyFix++;
        return { at: input.at, by: input.by, verified: false, errors5xxSinceFix: 12, requestsSinceFix: 900, baselineRate: 0, summary: 'still 12 5xx' };
      }),
    },
  });
  return { logic, runs, api };
}
