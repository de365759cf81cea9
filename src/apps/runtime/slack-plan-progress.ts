/**
 * Shows each evidence run as a live plan in the diagnosis thread. Where Slack can stream into a
 * channel thread (chat.startStream with the recipient's user and team), the plan is streamed as
 * task updates and stopped once the run settles. Where it cannot (the methods answer
 * `unknown_method` or another not-supported error, no person to stream to, as for a PagerDuty
 * page), one ordinary message is posted and edited in place, as the rest of the thread is.
 * A refusal is remembered for the life of the process, so a workspace without streaming pays
 * for one failed call, not one per run.
 */
import { createHash } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { DiagnosisSnapshot } from '../../../machines/is-settled.ts';
import { buildProgressPlan, type PlanStage, type PlanTask, type ProgressPlan } from '../../core/view/build-progress-plan.ts';
import { planChunks, planTitleChunk, renderPlanMessage } from '../../adapters/slack/render-plan-message.ts';
import { isSlackUserId } from '../../adapters/slack/slack-format.ts';
import type { DiagnosisRecord, StateStore } from '../../adapters/store/state-store.ts';
import { saveDiagnosis } from './save-diagnosis.ts';

/** Slack's answers that mean "streaming is not available here", as opposed to a passing failure. */
export const STREAMING_UNAVAILABLE = new Set([
  'unknown_method',
  'not_supported',
  'method_not_supported_for_channel_type',
  'not_allowed_token_type',
  'missing_scope',
  'feature_not_enabled',
]);

const STREAM_PREFIX = 'stream:';
const TITLE = '\u0000title';

export interface SlackPlanProgressDeps {
  slack: WebClient;
  store: StateStore;
  logger: Logger;
  /** False turns streaming off (the chat.update plan only). */
  streaming?: boolean;
}

interface LiveStream {
  ts: string;
  /** What each task (and the title) last showed, to append only what changed. */
  sent: Map<string, string>;
  stopped: boolean;
}

export class SlackPlanProgress {
  private streamingAvailable: boolean;
  private teamId: Promise<string | undefined> | undefined;
  private readonly streams = new Map<string, LiveStream>();
  private readonly shown = new Map<string, string>();

  constructor(private readonly deps: SlackPlanProgressDeps) {
    this.streamingAvailable = deps.streaming ?? true;
  }

  /** Whether this process still tries streaming (false after Slack refused it once). */
  get streaming(): boolean {
    return this.streamingAvailable;
  }

  /** Brings the plan of the snapshot's run up to date; returns the record (with the plan's ts once posted). */
  async show(record: DiagnosisRecord, snapshot: DiagnosisSnapshot, baseSnapshot: string): Promise<DiagnosisRecord> {
    const threadTs = record.threadTs;
    if (!threadTs) return record;
    const stage = stageOf(snapshot);
    const plan = buildProgressPlan(snapshot.context, stage);
    const key = `plan:run-${plan.run}`;
    const posted = record.messages[key];
    // A settled diagnosis whose run never had a plan (an answered checklist step, or a run from before plans) gets none now.
    if (!posted && stage === 'settled' && !this.streams.has(`${record.id}:${key}`)) return record;
    if (posted && !posted.startsWith(STREAM_PREFIX)) return this.showMessage(record, key, posted, plan);
    if (posted || this.streamingAvailable) {
      const streamed = await this.stream(record, threadTs, key, plan, baseSnapshot, snapshot);
      if (streamed) return streamed;
    }
    return this.showMessage(record, key, undefined, plan, baseSnapshot);
  }

  /** Streams the plan; null when streaming is not possible here (the caller falls back). */
  private async stream(
    record: DiagnosisRecord,
    threadTs: string,
    key: string,
    plan: ProgressPlan,
    baseSnapshot: string,
    snapshot: DiagnosisSnapshot,
  ): Promise<DiagnosisRecord | null> {
    const id = `${record.id}:${key}`;
    let live = this.streams.get(id);
    try {
      if (!live) {
        const posted = record.messages[key];
        // Started by another process: appending needs only its ts; stopped ones are left alone.
        if (posted) {
          if (plan.finished) return record;
          live = { ts: posted.slice(STREAM_PREFIX.length), sent: new Map(), stopped: false };
          this.streams.set(id, live);
        } else {
          const recipient = recipientOf(record, snapshot);
          const team = recipient ? await this.team() : undefined;
          if (!recipient || !team) return null;
          const res = await this.deps.slack.chat.startStream({
            channel: record.channel,
            thread_ts: threadTs,
            recipient_user_id: recipient,
            recipient_team_id: team,
            task_display_mode: 'plan',
            chunks: planChunks(plan),
          });
          const ts = String(res.ts ?? '');
          live = { ts, sent: new Map([[TITLE, plan.title], ...plan.tasks.map((t) => [t.id, fingerprint(t)] as const)]), stopped: false };
          this.streams.set(id, live);
          const saved = await saveDiagnosis(this.deps.store, record, baseSnapshot, { messages: { [key]: `${STREAM_PREFIX}${ts}` } });
          if (plan.finished) await this.stop(live, record.channel, plan);
          return saved;
        }
      }
      if (live.stopped) return record;
      const changed = plan.tasks.filter((t) => live!.sent.get(t.id) !== fingerprint(t));
      const retitled = live.sent.get(TITLE) !== plan.title;
      if (changed.length > 0 || retitled) {
        // The title names the API once it is resolved: a plan_update replaces it.
        const chunks = [...(retitled ? [planTitleChunk(plan.title)] : []), ...planChunks(plan, changed)];
        await this.deps.slack.chat.appendStream({ channel: record.channel, ts: live.ts, chunks });
        for (const t of changed) live.sent.set(t.id, fingerprint(t));
        live.sent.set(TITLE, plan.title);
      }
      if (plan.finished) await this.stop(live, record.channel, plan);
      return record;
    } catch (error) {
      const code = slackErrorCode(error);
      if (!STREAMING_UNAVAILABLE.has(code)) {
        // A passing failure (rate limit, network): the next snapshot tries again.
        this.deps.logger.warn({ err: error, diagnosisId: record.id, slackError: code }, 'could not stream the plan');
        return record;
      }
      this.streamingAvailable = false;
      this.streams.delete(id);
      this.deps.logger.info(
        { diagnosisId: record.id, slackError: code },
        'Slack does not stream here; showing the plan as a message edited in place from now on',
      );
      return null;
    }
  }

  private async stop(live: LiveStream, channel: string, plan: ProgressPlan): Promise<void> {
    live.stopped = true;
    const done = plan.tasks.filter((t) => t.status === 'complete').length;
    await this.deps.slack.chat.stopStream({ channel, ts: live.ts, markdown_text: `${done} of ${plan.tasks.length} steps done.` });
  }

  /** The chat.update plan: posted once per run, then edited only when it changed. */
  private async showMessage(record: DiagnosisRecord, key: string, ts: string | undefined, plan: ProgressPlan, baseSnapshot?: string): Promise<DiagnosisRecord> {
    const message = renderPlanMessage(plan);
    const cacheKey = `${record.id}:${key}`;
    const hash = createHash('sha1').update(JSON.stringify(message)).digest('hex');
    if (this.shown.get(cacheKey) === hash) return record;
    if (ts) {
      await this.deps.slack.chat.update({ channel: record.channel, ts, text: message.text, blocks: message.blocks as never });
      this.shown.set(cacheKey, hash);
      return record;
    }
    const res = await this.deps.slack.chat.postMessage({
      channel: record.channel,
      thread_ts: record.threadTs!,
      text: message.text,
      blocks: message.blocks as never,
    });
    this.shown.set(cacheKey, hash);
    return saveDiagnosis(this.deps.store, record, baseSnapshot ?? JSON.stringify(record.snapshot), { messages: { [key]: String(res.ts ?? '') } });
  }

  /** The workspace id, asked once per process: a stream in a channel names the recipient's team. */
  private team(): Promise<string | undefined> {
    this.teamId ??= this.deps.slack.auth
      .test()
      .then((res) => (typeof res.team_id === 'string' ? res.team_id : undefined))
      .catch((error: unknown) => {
        this.deps.logger.warn({ err: error }, 'auth.test failed; the plan is shown without streaming');
        this.teamId = undefined;
        return undefined;
      });
    return this.teamId;
  }

  /** Drops what is remembered of a closed diagnosis. */
  forget(diagnosisId: string): void {
    for (const key of [...this.streams.keys(), ...this.shown.keys()]) {
      if (key.startsWith(`${diagnosisId}:`)) {
        this.streams.delete(key);
        this.shown.delete(key);
      }
    }
  }
}

function stageOf(snapshot: DiagnosisSnapshot): PlanStage {
  if (snapshot.status === 'error' || snapshot.matches('failed')) return 'failed';
  if (snapshot.matches('resolving')) return 'resolving';
  if (snapshot.matches('collecting')) return 'collecting';
  if (snapshot.matches('weighing')) return 'weighing';
  return 'settled';
}

/** Who the stream is for: whoever asked for this run (a re-check's presser, else the requester), if a Slack user. */
function recipientOf(record: DiagnosisRecord, snapshot: DiagnosisSnapshot): string | undefined {
  const recheck = snapshot.context.timeline.findLast((t) => t.kind === 'recheck-asked');
  const who = snapshot.context.runs > 0 && recheck?.by ? recheck.by : record.requestedBy;
  return isSlackUserId(who) ? who : undefined;
}

function fingerprint(task: PlanTask): string {
  return `${task.status}|${task.output ?? ''}`;
}

function slackErrorCode(error: unknown): string {
  const data = (error as { data?: { error?: unknown } }).data;
  if (data && typeof data.error === 'string') return data.error;
  return error instanceof Error ? error.message : String(error);
}
