/**
 * How often the bot was right, per cause it named, from the labels on stored diagnoses. Only
 * diagnoses someone (or a verified fix) judged count; the rest are "unlabelled", not "right".
 */
import { VERDICT_CAUSES, type VerdictCause } from '../diagnosis/types.ts';
import { decisiveLabel, isRightLabel, type DiagnosisLabel } from './diagnosis-label.ts';

export interface CauseAccuracy {
  cause: VerdictCause;
  /** Verdicts naming this cause. */
  verdicts: number;
  labelled: number;
  right: number;
  wrong: number;
}

export interface AccuracySummary {
  /** One row per cause named at least once, in VERDICT_CAUSES order. */
  byCause: CauseAccuracy[];
  total: Omit<CauseAccuracy, 'cause'>;
}

/**
 * @example
 * summarizeAccuracy([{ cause: 'timeout', labels: [{ predictedCause: 'timeout', trueCause: 'network', … }] }]);
 * // { byCause: [{ cause: 'timeout', verdicts: 1, labelled: 1, right: 0, wrong: 1 }], total: { … } }
 */
export function summarizeAccuracy(diagnoses: ReadonlyArray<{ cause: VerdictCause; labels?: readonly DiagnosisLabel[] }>): AccuracySummary {
  const rows = new Map<VerdictCause, CauseAccuracy>();
  for (const d of diagnoses) {
    const row = rows.get(d.cause) ?? { cause: d.cause, verdicts: 0, labelled: 0, right: 0, wrong: 0 };
    row.verdicts += 1;
    const label = decisiveLabel(d.labels);
    if (label) {
      row.labelled += 1;
      if (isRightLabel(label)) row.right += 1;
      else row.wrong += 1;
    }
    rows.set(d.cause, row);
  }
  const byCause = VERDICT_CAUSES.flatMap((c) => (rows.has(c) ? [rows.get(c)!] : []));
  const total = byCause.reduce(
    (t, r) => ({ verdicts: t.verdicts + r.verdicts, labelled: t.labelled + r.labelled, right: t.right + r.right, wrong: t.wrong + r.wrong }),
    { verdicts: 0, labelled: 0, right: 0, wrong: 0 },
  );
  return { byCause, total };
}
