/**
 * The work a Slack request turns into once it has been acknowledged. Plain JSON, so the same job
 * can run in this process now and travel through SQS to a worker Lambda later.
 */
import type { DiagnosisEvent } from '../../../machines/diagnosis-types.ts';
import type { ApiRef } from '../../core/api/api-ref.ts';
import type { LabelCause } from '../../core/feedback/diagnosis-label.ts';
import type { ApiTarget } from '../../core/api/parse-api-target.ts';
import type { IncidentRef } from '../store/state-store.ts';

export interface StartDiagnosisRequest {
  ref: ApiRef;
  /** Window length in minutes; the machine's default when absent. */
  sinceMinutes?: number;
  channel: string;
  requestedBy: string;
  requestedAt: string;
  /** Same key for every delivery of one request (see the command listener for how it is chosen). */
  dedupKey: string;
  /** Where to tell the requester about problems before the thread exists. */
  responseUrl?: string;
  /** PagerDuty incidents to list in the parent message from the start. */
  incidents?: IncidentRef[];
}

/** `/diagnose-502` with no API, or `/diagnose-502 scan [region]`: list what fails now. */
export interface ScanRequest {
  channel: string;
  user: string;
  /** Only this region (own account); absent = every configured region and account. */
  region?: string;
  responseUrl?: string;
  requestedAt: string;
}

export type BotJob =
  | { kind: 'start'; request: StartDiagnosisRequest }
  /** A name or a custom-domain URL: looked up in AWS first, then started like `start`. */
  | { kind: 'resolve-start'; target: ApiTarget; defaultRegion: string; request: Omit<StartDiagnosisRequest, 'ref'> }
  | { kind: 'scan'; request: ScanRequest }
  | { kind: 'event'; diagnosisId: string; event: DiagnosisEvent; channel: string; user: string; threadTs?: string }
  | { kind: 'summary'; diagnosisId: string; by: string; channel: string; threadTs?: string }
  | { kind: 'resume'; diagnosisId: string }
  /** A question asked in a thread: answered from the stored evidence (a re-run becomes an `event`). */
  | { kind: 'followup'; question: ThreadQuestion }
  /** 👍 or 👎 under a verdict. */
  | { kind: 'feedback'; diagnosisId: string; feedback: 'up' | 'down'; user: string; channel: string; threadTs?: string }
  /** The real cause chosen after a 👎, with the note typed so far. */
  | { kind: 'true-cause'; diagnosisId: string; cause: LabelCause; note?: string; user: string; channel: string; threadTs?: string }
  /** A note typed (Enter) after a 👎. */
  | { kind: 'label-note'; diagnosisId: string; note: string; user: string; channel: string; threadTs?: string }
  /** Someone opened the bot's Home tab. */
  | { kind: 'home'; user: string };

/** A message in a channel thread that may be a question for the bot. */
export interface ThreadQuestion {
  channel: string;
  /** The thread the message is in (the parent's ts). */
  threadTs: string;
  /** The message itself: the key that makes a redelivered event answer once. */
  ts: string;
  user: string;
  /** The workspace, for streaming replies to that user. */
  teamId?: string;
  text: string;
  /** True for an app_mention: an unrecognised question then gets the help answer, not silence. */
  mentioned: boolean;
  at: string;
}
