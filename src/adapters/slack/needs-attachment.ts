/**
 * Whether the evidence message had to leave something out, in which case the runtime attaches
 * `renderEvidenceText(view)` as a file so nothing is lost to Slack's limits.
 */
import type { DiagnosisView } from '../../core/view/diagnosis-view.ts';
import { buildEvidenceMessage } from './render-evidence-message.ts';

export function needsAttachment(view: DiagnosisView): boolean {
  return buildEvidenceMessage(view).cut;
}
