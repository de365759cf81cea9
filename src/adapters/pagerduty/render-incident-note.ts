/**
 * The note written on a PagerDuty incident when its diagnosis has a verdict: plain text (notes
 * are not Markdown), the cause first, then the link to the Slack thread with the evidence.
 */
import type { ApiRef } from '../../core/api/api-ref.ts';
import type { Verdict } from '../../core/diagnosis/types.ts';

/** PagerDuty keeps notes up to 25,000 characters; ours stay far below. */
const MAX_SUMMARY = 1500;

export function renderIncidentNote(input: { ref: ApiRef; apiName?: string; verdict: Verdict; threadUrl?: string; run: number }): string {
  const { ref, verdict } = input;
  const api = input.apiName ? `${input.apiName} (${ref.apiId})` : ref.apiId;
  const confidence = verdict.confidence > 0 ? ` (confidence ${Math.round(verdict.confidence * 100)}%)` : '';
  const summary = verdict.summary.length > MAX_SUMMARY ? `${verdict.summary.slice(0, MAX_SUMMARY - 1)}…` : verdict.summary;
  const lines = [
    `diagnose-502${input.run > 1 ? ` (re-check ${input.run - 1})` : ''}: suspected cause ${verdict.cause}${confidence} for ${api}, stage ${ref.stage}, ${ref.region}.`,
    summary,
  ];
  if (input.threadUrl) lines.push(`Evidence and next steps: ${input.threadUrl}`);
  return lines.join('\n');
}
