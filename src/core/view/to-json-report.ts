/**
 * The `--json` contract: one object a program can rely on. The schema is exported so the tests,
 * and anyone consuming the CLI's output, can check it instead of trusting it.
 */
import { z } from 'zod';
import { CAUSES, type DiagnosisReport, type EvidenceItem, type Hypothesis, type VerdictWhere } from '../diagnosis/types.ts';
import type { ChangesFindings, ConfigFindings, LogsFindings, MetricsFindings } from '../evidence/types.ts';

const twoDecimals = (v: number) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-9;
const unitScore = z.number().min(0).max(1).refine(twoDecimals, 'must have at most 2 decimals');

const evidenceRefSchema = z.strictObject({
  source: z.enum(['metrics', 'logs', 'changes', 'config', 'checklist']),
  summary: z.string(),
});

const hypothesisSchema = z.strictObject({
  cause: z.enum(CAUSES),
  score: unitScore,
  evidence: z.array(evidenceRefSchema),
  against: z.array(evidenceRefSchema),
  confirm: z.array(z.string()),
  /** Present and true when someone ruled the cause out in the checklist. */
  rejected: z.boolean().optional(),
});

// Raw findings are passed through as collected; only the fields most programs read are checked.
const metricsSchema = z.looseObject({
  totals: z.looseObject({ requests: z.number(), errors5xx: z.number(), rate: z.number(), severity: z.string() }),
  perMinute: z.array(z.looseObject({ t: z.string(), requests: z.number(), errors5xx: z.number() })),
});
const logsSchema = z.looseObject({
  kind: z.enum(['execution-logs', 'access-logs']),
  classes: z.array(z.looseObject({ category: z.string(), count: z.number() })),
  statusMix: z.record(z.string(), z.number()),
});
const changesSchema = z.looseObject({
  changes: z.array(z.looseObject({ time: z.string(), eventName: z.string(), relatedToApi: z.boolean() })),
});
const configSchema = z.looseObject({ integrations: z.array(z.looseObject({ risks: z.array(z.string()) })) });

const evidenceSourceSchema = z.enum(['metrics', 'logs', 'changes', 'config']);

/** `verdict.where`: what to act on, as structured fields beside the prose summary. */
const whereSchema = z.strictObject({
  routes: z.array(
    z.strictObject({
      route: z.string(),
      requests: z.number().optional(),
      errors5xx: z.number(),
      share: unitScore,
      cause: z.enum([...CAUSES, 'none', 'inconclusive']).optional(),
      evidence: z.array(z.strictObject({ source: evidenceSourceSchema, summary: z.string() })).optional(),
    }),
  ),
  backend: z
    .discriminatedUnion('kind', [
      z.strictObject({
        kind: z.literal('lambda'),
        functionName: z.string(),
        qualifier: z.string().optional(),
        arn: z.string().optional(),
      }),
      z.strictObject({
        kind: z.literal('vpc-link'),
        vpcLinkId: z.string(),
        version: z.enum(['V1', 'V2']),
        loadBalancerArn: z.string().optional(),
        targetGroupArn: z.string().optional(),
        unhealthyTargets: z.array(z.strictObject({ id: z.string(), port: z.number().optional(), reason: z.string().optional() })).optional(),
        securityGroups: z.array(z.string()).optional(),
      }),
      z.strictObject({ kind: z.literal('http'), uri: z.string() }),
    ])
    .optional(),
  change: z
    .strictObject({
      eventName: z.string(),
      resource: z.string(),
      who: z.string(),
      time: z.string(),
      minutesBeforeOnset: z.number().optional(),
      detail: z.string(),
    })
    .optional(),
  quote: z.strictObject({ source: evidenceSourceSchema, text: z.string() }).optional(),
});

export const jsonReportSchema = z.strictObject({
  api: z.strictObject({
    id: z.string(),
    type: z.enum(['rest', 'http']),
    name: z.string(),
    stage: z.string(),
    region: z.string(),
    /** The route the diagnosis was asked about, when it started from a URL. */
    route: z.string().optional(),
  }),
  window: z.strictObject({ start: z.string(), end: z.string(), baselineStart: z.string() }),
  verdict: z.strictObject({
    cause: z.enum([...CAUSES, 'none', 'inconclusive']),
    confidence: unitScore,
    summary: z.string(),
    /** Always present; `routes` is empty when no source told routes apart. */
    where: whereSchema,
  }),
  /** Best first. */
  hypotheses: z
    .array(hypothesisSchema)
    .refine((list) => list.every((h, i) => i === 0 || list[i - 1]!.score >= h.score), 'must be ordered by score, best first'),
  missing: z.array(
    z.strictObject({
      source: z.enum(['metrics', 'logs', 'changes', 'config', 'api']),
      reason: z.string(),
      fix: z.string().optional(),
    }),
  ),
  checklist: z.array(
    z.strictObject({
      id: z.enum(['execution-logs', 'direct-call', 'metrics', 'tracing', 'mapping-templates', 'timeout-settings']),
      title: z.string(),
      kind: z.enum(['automatic', 'manual']),
      status: z.enum(['done', 'pending', 'skipped', 'not-applicable']),
      result: z.string().optional(),
    }),
  ),
  evidence: z.strictObject({
    metrics: metricsSchema.nullable(),
    logs: logsSchema.nullable(),
    changes: changesSchema.nullable(),
    config: configSchema.nullable(),
  }),
  /** Present once a fix has been checked against fresh metrics. */
  verification: z
    .strictObject({
      at: z.string(),
      by: z.string().optional(),
      verified: z.boolean(),
      errors5xxSinceFix: z.number(),
      requestsSinceFix: z.number(),
      baselineRate: z.number(),
      summary: z.string(),
    })
    .optional(),
});

/** The contract's type; the raw findings keep their own types rather than the schema's loose ones. */
export type JsonReport = Omit<z.infer<typeof jsonReportSchema>, 'evidence'> & {
  evidence: {
    metrics: MetricsFindings | null;
    logs: LogsFindings | null;
    changes: ChangesFindings | null;
    config: ConfigFindings | null;
  };
};

/**
 * Turns a diagnosis into the CLI's JSON contract: scores rounded to 2 decimals, hypotheses best
 * first, absent evidence as null.
 *
 * @example
 * process.stdout.write(JSON.stringify(toJsonReport(report), null, 2));
 */
export function toJsonReport(report: DiagnosisReport): JsonReport {
  const { api, evidence } = report;
  const hypotheses = [...report.hypotheses]
    .map((h) => ({ h, score: unit(h.score) }))
    .sort((a, b) => b.score - a.score || CAUSES.indexOf(a.h.cause) - CAUSES.indexOf(b.h.cause))
    .map(({ h, score }) => toJsonHypothesis(h, score));
  return {
    api: { id: api.id, type: api.type, name: api.name, stage: api.stage.name, region: api.region, ...(report.focusRoute ? { route: report.focusRoute } : {}) },
    window: { start: report.window.start, end: report.window.end, baselineStart: report.window.baselineStart },
    verdict: {
      cause: report.verdict.cause,
      confidence: unit(report.verdict.confidence),
      summary: report.verdict.summary,
      where: toJsonWhere(report.verdict.where),
    },
    hypotheses,
    missing: evidence.missing.map((m) => ({ source: m.source, reason: m.reason, ...(m.fix ? { fix: m.fix } : {}) })),
    checklist: report.checklist.map((c) => ({
      id: c.id,
      title: c.title,
      kind: c.kind,
      status: c.status,
      ...(c.result !== undefined ? { result: c.result } : {}),
    })),
    evidence: {
      metrics: evidence.metrics ?? null,
      logs: evidence.logs ?? null,
      changes: evidence.changes ?? null,
      config: evidence.config ?? null,
    },
    ...(report.verification ? { verification: { ...report.verification } } : {}),
  };
}

function toJsonWhere(where: VerdictWhere | undefined): JsonReport['verdict']['where'] {
  if (!where) return { routes: [] };
  return {
    routes: where.routes.map((r) => ({
      route: r.route,
      ...(r.requests !== undefined ? { requests: r.requests } : {}),
      errors5xx: r.errors5xx,
      share: unit(r.share),
      ...(r.cause ? { cause: r.cause } : {}),
      ...(r.evidence ? { evidence: r.evidence.map((e) => ({ source: e.source, summary: e.summary })) } : {}),
    })),
    ...(where.backend ? { backend: structuredClone(where.backend) } : {}),
    ...(where.change ? { change: { ...where.change } } : {}),
    ...(where.quote ? { quote: { ...where.quote } } : {}),
  };
}

function toJsonHypothesis(h: Hypothesis, score: number): JsonReport['hypotheses'][number] {
  return {
    cause: h.cause,
    score,
    evidence: h.evidence.map(toRef),
    against: h.against.map(toRef),
    confirm: [...h.confirm],
    ...(h.rejected ? { rejected: true } : {}),
  };
}

function toRef(item: EvidenceItem): { source: EvidenceItem['source']; summary: string } {
  return { source: item.source, summary: item.summary };
}

/** Clamps to 0..1 and rounds to 2 decimals; NaN becomes 0 rather than breaking the contract. */
function unit(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.round(Math.min(1, Math.max(0, value)) * 100) / 100;
}
