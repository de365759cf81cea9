import { VERDICT_CAUSES } from '../../core/diagnosis/types.ts';
import type { CaseScore } from './score-case.ts';

/**
 * The benchmark's figures from scored cases: accuracy at 1 and 3, decisive accuracy, confident
 * wrong verdicts, a per-cause confusion matrix and a reliability table with its expected
 * calibration error (ECE: the case-weighted gap between confidence and accuracy over 10 bins).
 */

export interface ReliabilityBin {
  /** [low, high) of confidence; the last bin includes 1. */
  low: number;
  high: number;
  cases: number;
  meanConfidence: number;
  accuracy: number;
}

export interface EvalFigures {
  cases: number;
  accuracyAt1: number;
  accuracyAt3: number;
  /** Over the cases that declare decisive keys. */
  decisive: number;
  decisiveCases: number;
  confidentWrong: number;
  ece: number;
  errors: number;
  /** Mean wall time of one diagnosis, and the whole run's time per case. */
  msPerCase: { mean: number; p95: number; max: number; wallPerCase: number };
  /** expected → predicted → count. */
  confusion: Record<string, Record<string, number>>;
  reliability: ReliabilityBin[];
  perCause: Record<string, { cases: number; accuracyAt1: number; decisive: number | null }>;
}

const PREDICTED = [...VERDICT_CAUSES, 'error'] as const;

export function summarizeEval(scores: CaseScore[], wallMs = 0): EvalFigures {
  const n = scores.length;
  const pct = (k: number, of: number) => (of === 0 ? 0 : k / of);
  const withDecisive = scores.filter((s) => s.decisive !== undefined);
  const confusion: EvalFigures['confusion'] = {};
  for (const expected of VERDICT_CAUSES) confusion[expected] = Object.fromEntries(PREDICTED.map((p) => [p, 0]));
  for (const s of scores) {
    const row = confusion[s.expected] ?? Object.fromEntries(PREDICTED.map((p) => [p, 0]));
    confusion[s.expected] = row;
    row[s.predicted] = (row[s.predicted] ?? 0) + 1;
  }
  // An inconclusive verdict (or a failed run) claims nothing, so its confidence is no bet to calibrate.
  const claims = scores.filter((s) => s.predicted !== 'inconclusive' && s.predicted !== 'error');
  const reliability: ReliabilityBin[] = [];
  for (let i = 0; i < 10; i++) {
    const low = i / 10;
    const high = (i + 1) / 10;
    const inBin = claims.filter((s) => (i === 9 ? s.confidence >= low : s.confidence >= low && s.confidence < high));
    reliability.push({
      low,
      high,
      cases: inBin.length,
      meanConfidence: inBin.length ? inBin.reduce((a, s) => a + s.confidence, 0) / inBin.length : 0,
      accuracy: pct(inBin.filter((s) => s.correct).length, inBin.length),
    });
  }
  const ece = claims.length === 0 ? 0 : reliability.reduce((a, b) => a + (b.cases / claims.length) * Math.abs(b.accuracy - b.meanConfidence), 0);
  const perCause: EvalFigures['perCause'] = {};
  for (const cause of VERDICT_CAUSES) {
    const of = scores.filter((s) => s.expected === cause);
    if (of.length === 0) continue;
    const dec = of.filter((s) => s.decisive !== undefined);
    perCause[cause] = {
      cases: of.length,
      accuracyAt1: pct(of.filter((s) => s.correct).length, of.length),
      decisive: dec.length ? pct(dec.filter((s) => s.decisive).length, dec.length) : null,
    };
  }
  const times = scores.map((s) => s.ms).sort((a, b) => a - b);
  return {
    cases: n,
    accuracyAt1: pct(scores.filter((s) => s.correct).length, n),
    accuracyAt3: pct(scores.filter((s) => s.top3).length, n),
    decisive: pct(withDecisive.filter((s) => s.decisive).length, withDecisive.length),
    decisiveCases: withDecisive.length,
    confidentWrong: scores.filter((s) => s.confidentWrong).length,
    ece,
    errors: scores.filter((s) => s.predicted === 'error').length,
    msPerCase: {
      mean: n ? times.reduce((a, b) => a + b, 0) / n : 0,
      p95: times[Math.min(n - 1, Math.floor(n * 0.95))] ?? 0,
      max: times[n - 1] ?? 0,
      wallPerCase: n ? wallMs / n : 0,
    },
    confusion,
    reliability,
    perCause,
  };
}

const percent = (v: number) => (v * 100).toFixed(1);

/** The line CI and people grep for; always the last line of the text report. */
export function evalLine(f: EvalFigures): string {
  return `eval: ${f.cases} cases · accuracy@1 ${percent(f.accuracyAt1)} % · accuracy@3 ${percent(f.accuracyAt3)} % · decisive ${percent(f.decisive)} % · confident-wrong ${f.confidentWrong} · ECE ${f.ece.toFixed(3)}`;
}

/** Confusion matrix, per-cause table, reliability table, timing, then the eval line. */
export function renderEvalText(f: EvalFigures, failures: CaseScore[] = []): string {
  const out: string[] = [];
  const cols = PREDICTED.filter((p) => Object.values(f.confusion).some((row) => (row[p] ?? 0) > 0));
  const rows = VERDICT_CAUSES.filter((c) => Object.values(f.confusion[c] ?? {}).some((v) => v > 0));
  const w = 14;
  out.push('confusion matrix (rows: expected cause, columns: verdict)');
  out.push(['expected \\ got'.padEnd(w), ...cols.map((c) => c.padStart(w))].join(''));
  for (const r of rows) out.push([r.padEnd(w), ...cols.map((c) => String(f.confusion[r]?.[c] ?? 0).padStart(w))].join(''));
  out.push('');
  out.push('per cause');
  out.push(['cause'.padEnd(w), 'cases'.padStart(8), 'accuracy@1'.padStart(12), 'decisive'.padStart(10)].join(''));
  for (const [cause, p] of Object.entries(f.perCause))
    out.push(
      [
        cause.padEnd(w),
        String(p.cases).padStart(8),
        `${percent(p.accuracyAt1)} %`.padStart(12),
        (p.decisive === null ? '-' : `${percent(p.decisive)} %`).padStart(10),
      ].join(''),
    );
  out.push('');
  out.push('reliability (verdicts that name a cause or none: confidence bin → how often right)');
  out.push(['confidence'.padEnd(w), 'cases'.padStart(8), 'mean conf.'.padStart(12), 'accuracy'.padStart(10)].join(''));
  for (const b of f.reliability)
    out.push(
      [
        `${b.low.toFixed(1)}–${b.high.toFixed(1)}`.padEnd(w),
        String(b.cases).padStart(8),
        (b.cases ? b.meanConfidence.toFixed(2) : '-').padStart(12),
        (b.cases ? `${percent(b.accuracy)} %` : '-').padStart(10),
      ].join(''),
    );
  if (failures.length > 0) {
    out.push('');
    out.push(`wrong or not decisive (${failures.length}, first 40):`);
    for (const s of failures.slice(0, 40))
      out.push(
        `  ${s.caseId}: expected ${s.expected}, got ${s.predicted} (${s.confidence.toFixed(2)})${s.missed.length ? `; missed ${s.missed.join(', ')}` : ''}`,
      );
  }
  out.push('');
  out.push(
    `time: ${Math.round(f.msPerCase.mean)} ms mean per diagnosis (p95 ${Math.round(f.msPerCase.p95)}, max ${Math.round(f.msPerCase.max)}); ${Math.round(f.msPerCase.wallPerCase)} ms of wall time per case; ${f.errors} failed to run`,
  );
  out.push(evalLine(f));
  return out.join('\n');
}
