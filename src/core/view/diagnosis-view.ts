/**
 * What the Slack renderers are given: everything about one diagnosis that a message shows,
 * as plain data. The runtime builds it from the stored snapshot; renderers never fetch.
 */
import type { DiagnosisError, TimelineText } from '../../../machines/diagnosis-types.ts';
import type { ApiRef } from '../api/api-ref.ts';
import type { DiagnosisReport } from '../diagnosis/types.ts';
import type { DiagnosisLabel } from '../feedback/diagnosis-label.ts';
import type { Runbook } from '../runbook/runbook-schema.ts';

export type DiagnosisPhase = 'collecting' | 'verdict' | 'verifying' | 'resolved' | 'failed';

export interface DiagnosisView {
  diagnosisId: string;
  /** Incremented on every stored change; buttons carry it (see action-ids.ts). */
  version: number;
  ref: ApiRef;
  /** Slack user id of whoever asked (slash command) or "PagerDuty" for a paged incident. */
  requestedBy: string;
  requestedAt: string;
  phase: DiagnosisPhase;
  /** Null until the first verdict. */
  report: DiagnosisReport | null;
  timeline: TimelineText[];
  error?: DiagnosisError;
  runbook: Runbook;
  /** PagerDuty incidents or CloudWatch alarms joined to this diagnosis, listed in the parent message. */
  incidents?: { id: string; number?: number; title: string; url?: string; status?: string; source?: 'pagerduty' | 'cloudwatch'; resolved?: boolean }[];
  /** Whether the verdict was right, as people (👍/👎) and fix verifications said. */
  labels?: DiagnosisLabel[];
}

/** A message as sent to chat.postMessage / chat.update. */
export interface SlackMessage {
  text: string;
  blocks: unknown[];
  /**
   * The same message in the older block types only (sections instead of a table or markdown
   * block), sent when Slack answers `invalid_blocks` to `blocks`.
   */
  fallbackBlocks?: unknown[];
}
