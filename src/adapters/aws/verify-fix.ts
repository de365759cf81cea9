/**
 * The metrics half of "Verify fix": reads 5xx and request counts for the judged minutes; the
 * judgement itself (window, baseline, noise floor, wording) is core's judgeFix.
 */
import type { VerifyFixInput } from '../../../machines/diagnosis-types.ts';
import { fixCheckWindow, judgeFix } from '../../core/diagnosis/judge-fix.ts';
import type { FixVerification } from '../../core/diagnosis/types.ts';
import { collectMetrics } from './collect-metrics.ts';
import type { CollectorContext } from './collector.ts';

export { VERIFY_MINUTES } from '../../core/diagnosis/judge-fix.ts';

export async function verifyFix(ctx: CollectorContext, input: VerifyFixInput): Promise<FixVerification> {
  const { start, end } = fixCheckWindow(input.at);
  const result = await collectMetrics(ctx, { api: input.api, window: { start, end, baselineStart: start } });
  const request = { at: input.at, by: input.by, baselineRate: input.baselineRate };
  if (!result.findings) return judgeFix(request, { unavailable: result.missing.map((m) => m.reason).join('; ') || 'metrics unavailable' });
  const { requests, errors5xx, rate } = result.findings.totals;
  return judgeFix(request, { requests, errors5xx, rate });
}
