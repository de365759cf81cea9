/**
 * Keeps a diagnosis's Slack thread in line with its machine snapshot: the parent message in the
 * channel, then evidence, verdict, chart, evidence file and checklist messages in its thread.
 * Messages are posted once and afterwards updated in place, only when what they show changed.
 * Each new message's ts is recorded with a compare-and-set write, so a crash cannot post it twice.
 */
import { chartAltText, summaryFileTitle } from '../../adapters/slack/file-captions.ts';
import { createHash } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { DiagnosisSnapshot } from '../../../machines/is-settled.ts';
import { MANUAL_STEPS, type ManualStepId } from '../../core/diagnosis/types.ts';
import type { Runbook } from '../../core/runbook/runbook-schema.ts';
import type { DiagnosisView, SlackMessage } from '../../core/view/diagnosis-view.ts';
import {
  needsAttachment,
  renderChartPng,
  renderChecklistMessage,
  renderEvidenceMessage,
  renderEvidenceText,
  renderParentMessage,
  renderSummaryMarkdown,
  type SummaryExtras,
  renderVerdictMessage,
} from '../../adapters/slack/index.ts';
import type { DiagnosisRecord, StateStore } from '../../adapters/store/state-store.ts';
import { buildDiagnosisView, evidenceViewOf } from './build-diagnosis-view.ts';
import { saveDiagnosis, SnapshotConflictError } from './save-diagnosis.ts';
import { SlackPlanProgress } from './slack-plan-progress.ts';

export interface SlackThreadSyncDeps {
  slack: WebClient;
  store: StateStore;
  runbook: Runbook;
  logger: Logger;
  /** Posting to a response_url; global fetch unless replaced. */
  fetch?: typeof fetch;
  /** False shows each run's plan as a message edited in place, never streamed. */
  streaming?: boolean;
}

/** Message metadata event type that marks a diagnosis's parent message. */
export const PARENT_EVENT_TYPE = 'diagnose502_diagnosis';

type MessageKey = 'parent' | 'evidence' | 'verdict' | `checklist:${ManualStepId}`;

export class SlackThreadSync {
  /** Hash of what each message last showed, so unchanged messages are not re-sent (chat.update is Tier 3). */
  private readonly shown = new Map<string, string>();

  /** Set once Slack refused a table or markdown block: this workspace gets the section form. */
  private nativeBlocksRefused = false;

  /** The live plan of each evidence run, first in the thread. */
  readonly plan: SlackPlanProgress;

  constructor(private readonly deps: SlackThreadSyncDeps) {
    this.plan = new SlackPlanProgress({
      slack: deps.slack,
      store: deps.store,
      logger: deps.logger,
      ...(deps.streaming !== undefined ? { streaming: deps.streaming } : {}),
    });
  }

  /**
   * Posts the parent message in the channel; its ts becomes the thread. Throws when Slack refuses.
   * The message carries the diagnosis id as message metadata. When an earlier attempt may have
   * posted it (a resume after a crash between Slack's answer and the write of its ts), the
   * channel's recent history is searched for it first, so a restart never opens a second thread.
   */
  async postParent(record: DiagnosisRecord, snapshot: DiagnosisSnapshot, options: { mayHavePosted?: boolean } = {}): Promise<DiagnosisRecord> {
    const base = JSON.stringify(record.snapshot);
    const earlier = options.mayHavePosted ? await this.findPostedParent(record) : undefined;
    if (earlier) return saveDiagnosis(this.deps.store, record, base, { parentTs: earlier, threadTs: earlier });
    const view = buildDiagnosisView(record, snapshot, this.deps.runbook);
    const message = renderParentMessage(view);
    const metadata = { event_type: PARENT_EVENT_TYPE, event_payload: { diagnosis_id: record.id } };
    const posted = await this.postOrFallback(record.id, 'parent', message, (m) =>
      this.deps.slack.chat.postMessage({ channel: record.channel, ...m, metadata }),
    );
    this.shown.set(`${record.id}:parent`, hashOf(message));
    return saveDiagnosis(this.deps.store, record, base, { parentTs: posted, threadTs: posted });
  }

  /** The parent an earlier attempt posted, found by its metadata in the channel's recent history. */
  private async findPostedParent(record: DiagnosisRecord): Promise<string | undefined> {
    const since = Date.parse(record.requestedAt) / 1000 - 120;
    try {
      const res = await this.deps.slack.conversations.history({
        channel: record.channel,
        oldest: String(Number.isFinite(since) ? since : 0),
        include_all_metadata: true,
        limit: 200,
      });
      const found = res.messages?.find((m) => {
        const meta = (m as { metadata?: { event_type?: string; event_payload?: { diagnosis_id?: unknown } } }).metadata;
        return meta?.event_type === PARENT_EVENT_TYPE && meta.event_payload?.diagnosis_id === record.id;
      });
      return found?.ts;
    } catch (error) {
      // Without channel history (scope or membership) the bot can only post again.
      this.deps.logger.warn({ diagnosisId: record.id, err: error }, 'could not look for a parent message posted before a restart; posting it again');
      return undefined;
    }
  }

  /** Brings only the parent message up to date (after the incidents it lists changed). */
  async showParent(record: DiagnosisRecord, snapshot: DiagnosisSnapshot): Promise<void> {
    if (!record.parentTs) return;
    const view = buildDiagnosisView(record, snapshot, this.deps.runbook);
    await this.showMessage(record, 'parent', renderParentMessage(view));
  }

  /**
   * Brings the thread in line with the snapshot. `progress` touches the parent and the evidence
   * (cheap, while collectors report in); `full` adds the verdict, chart, evidence file and the
   * checklist. New messages are recorded one by one so a crash cannot make them post twice.
   */
  async sync(record: DiagnosisRecord, snapshot: DiagnosisSnapshot, baseSnapshot: string, mode: 'progress' | 'full'): Promise<DiagnosisRecord> {
    let current = record;
    const view = buildDiagnosisView(current, snapshot, this.deps.runbook);
    const evidenceView = evidenceViewOf(view, snapshot.context);
    const thread = current.threadTs;
    if (!current.parentTs || !thread) return current;

    await this.showMessage(current, 'parent', renderParentMessage(view));
    current = await this.showPlan(current, snapshot, baseSnapshot);
    if (evidenceView.report || current.messages['evidence']) {
      current = await this.showMessage(current, 'evidence', renderEvidenceMessage(evidenceView), baseSnapshot);
    }
    if (mode === 'progress' || !view.report) return current;

    const run = snapshot.context.runs;
    if (needsAttachment(evidenceView)) {
      current = await this.uploadOnce(current, `evidence-file:run-${run}`, baseSnapshot, async () => ({
        file: Buffer.from(renderEvidenceText(evidenceView), 'utf8'),
        filename: `evidence-${current.ref.apiId}-${current.ref.stage}-run${run}.txt`,
        title: 'Full evidence (the message above is shortened to fit Slack)',
      }));
    }
    current = await this.showMessage(current, 'verdict', renderVerdictMessage(view), baseSnapshot);
    const report = view.report;
    current = await this.uploadOnce(current, `chart:run-${run}`, baseSnapshot, async () => ({
      file: await renderChartPng(report),
      filename: `5xx-${current.ref.apiId}-${current.ref.stage}-run${run}.png`,
      title: '5xx per minute and integration latency',
      alt_text: chartAltText(report.api.name, current.ref.stage),
    }));
    for (const step of manualStepsToShow(view, current)) {
      current = await this.showMessage(current, `checklist:${step}`, renderChecklistMessage(view, step), baseSnapshot);
    }
    return current;
  }

  /** Uploads the postmortem-ready summary to the thread as a Markdown file. */
  async postSummary(record: DiagnosisRecord & { threadTs: string }, snapshot: DiagnosisSnapshot, extras: SummaryExtras = {}): Promise<void> {
    const view = buildDiagnosisView(record, snapshot, this.deps.runbook);
    const markdown = renderSummaryMarkdown(view, extras);
    await this.deps.slack.filesUploadV2({
      channel_id: record.channel,
      thread_ts: record.threadTs,
      file: Buffer.from(markdown, 'utf8'),
      filename: `incident-summary-${record.ref.apiId}-${record.ref.stage}.md`,
      title: summaryFileTitle(view.report?.api.name ?? record.ref.apiId, record.ref.stage),
    });
  }

  /** Posts a reply in the diagnosis thread (an answer to a question); returns its ts. */
  async postReply(record: DiagnosisRecord & { threadTs: string }, key: string, message: SlackMessage): Promise<string> {
    return this.postOrFallback(record.id, key, message, (m) => this.deps.slack.chat.postMessage({ channel: record.channel, thread_ts: record.threadTs, ...m }));
  }

  /** Tells the thread that this diagnosis cannot continue after an upgrade; never throws. */
  async postUpgradeNote(record: DiagnosisRecord): Promise<void> {
    if (!record.threadTs) return;
    await this.deps.slack.chat
      .postMessage({
        channel: record.channel,
        thread_ts: record.threadTs,
        text: 'The bot was upgraded and cannot continue this diagnosis; run `/diagnose-502` again for a fresh one.',
      })
      .catch((error: unknown) => this.deps.logger.warn({ err: error, diagnosisId: record.id }, 'could not post the upgrade note'));
  }

  /** An ephemeral note to one person, in the diagnosis thread when there is one. */
  async notifyUser(target: { channel: string; user: string; threadTs?: string }, text: string): Promise<void> {
    await this.deps.slack.chat.postEphemeral({ channel: target.channel, user: target.user, text, ...(target.threadTs ? { thread_ts: target.threadTs } : {}) });
  }

  /** Replies through a slash command's response_url (ephemeral): works even where the bot is not a member. */
  async respond(responseUrl: string, text: string): Promise<void> {
    const res = await (this.deps.fetch ?? fetch)(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text }),
    });
    if (!res.ok) throw new Error(`response_url answered ${res.status}`);
  }

  /** The plan never costs the diagnosis: a failure to show it is logged, only a lost write is passed on. */
  private async showPlan(record: DiagnosisRecord, snapshot: DiagnosisSnapshot, baseSnapshot: string): Promise<DiagnosisRecord> {
    try {
      return await this.plan.show(record, snapshot, baseSnapshot);
    } catch (error) {
      if (error instanceof SnapshotConflictError) throw error;
      this.deps.logger.warn({ err: error, diagnosisId: record.id }, 'could not show the plan in the thread');
      return record;
    }
  }

  /** Drops what is remembered of a closed diagnosis's messages. */
  forget(diagnosisId: string): void {
    this.plan.forget(diagnosisId);
    for (const key of this.shown.keys()) if (key.startsWith(`${diagnosisId}:`)) this.shown.delete(key);
  }

  /** Posts a message the first time, then updates it in place only when what it shows changed. */
  private async showMessage(record: DiagnosisRecord, key: MessageKey, message: SlackMessage, baseSnapshot?: string): Promise<DiagnosisRecord> {
    const cacheKey = `${record.id}:${key}`;
    const hash = hashOf(message);
    const ts = key === 'parent' ? record.parentTs : record.messages[key];
    if (ts) {
      if (this.shown.get(cacheKey) === hash) return record;
      await this.postOrFallback(record.id, key, message, (m) => this.deps.slack.chat.update({ channel: record.channel, ts, ...m }));
      this.shown.set(cacheKey, hash);
      return record;
    }
    const posted = await this.postOrFallback(record.id, key, message, (m) =>
      this.deps.slack.chat.postMessage({ channel: record.channel, thread_ts: record.threadTs!, ...m }),
    );
    this.shown.set(cacheKey, hash);
    return saveDiagnosis(this.deps.store, record, baseSnapshot ?? JSON.stringify(record.snapshot), { messages: { [key]: posted } });
  }

  /**
   * Sends a message. When Slack refuses its blocks with `invalid_blocks` and the message has a
   * fallback in the older block types (a table or markdown block it does not take), sends that
   * once instead, and from then on sends fallbacks first. When Slack refuses those too (a renderer
   * bug), sends the plain text so the thread still says something, and logs the refusal.
   */
  private async postOrFallback(
    diagnosisId: string,
    key: string,
    message: SlackMessage,
    send: (m: { text: string; blocks?: SlackMessage['blocks'] }) => Promise<{ ts?: string }>,
  ): Promise<string> {
    const fallback = message.fallbackBlocks;
    const native = fallback && this.nativeBlocksRefused ? undefined : message.blocks;
    if (native && fallback) {
      try {
        return (await send({ text: message.text, blocks: native as never })).ts ?? '';
      } catch (error) {
        if (slackErrorCode(error) !== 'invalid_blocks') throw error;
        this.nativeBlocksRefused = true;
        this.deps.logger.warn(
          { diagnosisId, message: key, slackError: 'invalid_blocks', errors: (error as { data?: { errors?: unknown } }).data?.errors },
          'Slack refused the table or markdown blocks; sending section blocks instead from now on',
        );
      }
    }
    try {
      const res = await send({ text: message.text, blocks: (fallback && this.nativeBlocksRefused ? fallback : message.blocks) as never });
      return res.ts ?? '';
    } catch (error) {
      const code = slackErrorCode(error);
      if (code !== 'invalid_blocks' && code !== 'msg_blocks_too_long') throw error;
      this.deps.logger.error(
        { diagnosisId, message: key, slackError: code, errors: (error as { data?: { errors?: unknown } }).data?.errors },
        'Slack refused the blocks; sent plain text instead',
      );
      const res = await send({ text: message.text.slice(0, 3900) });
      return res.ts ?? '';
    }
  }

  /** Uploads a file to the thread once per key (chart and evidence file once per evidence run). */
  private async uploadOnce(
    record: DiagnosisRecord,
    key: string,
    baseSnapshot: string,
    build: () => Promise<{ file: Buffer; filename: string; title: string; alt_text?: string }>,
  ): Promise<DiagnosisRecord> {
    if (record.messages[key]) return record;
    try {
      const file = await build();
      const res = (await this.deps.slack.filesUploadV2({ channel_id: record.channel, thread_ts: record.threadTs!, ...file })) as {
        files?: Array<{ files?: Array<{ id?: string }> }>;
      };
      const id = res.files?.[0]?.files?.[0]?.id ?? 'uploaded';
      return await saveDiagnosis(this.deps.store, record, baseSnapshot, { messages: { [key]: id } });
    } catch (error) {
      if (error instanceof SnapshotConflictError) throw error;
      // A missing chart must not cost the verdict: log it and carry on.
      this.deps.logger.warn({ err: error, diagnosisId: record.id, file: key }, 'could not upload a file to the thread');
      return record;
    }
  }
}

/** Manual steps worth a message: those that apply now, plus any already posted (kept current). */
function manualStepsToShow(view: DiagnosisView, record: DiagnosisRecord): ManualStepId[] {
  const checklist = view.report?.checklist ?? [];
  return MANUAL_STEPS.filter((step) => {
    if (record.messages[`checklist:${step}`]) return true;
    const item = checklist.find((c) => c.id === step);
    return item !== undefined && item.status !== 'not-applicable';
  });
}

function hashOf(message: SlackMessage): string {
  // Button values carry the record version; a message whose only change is that number is not worth a chat.update.
  const text = JSON.stringify(message).replace(/\\"version\\":\d+/g, '');
  return createHash('sha1').update(text).digest('hex');
}

/** Slack's error code (`not_in_channel`, `invalid_blocks`…) or the error's message. */
export function slackErrorCode(error: unknown): string {
  const data = (error as { data?: { error?: unknown } }).data;
  if (data && typeof data.error === 'string') return data.error;
  return error instanceof Error ? error.message : String(error);
}
