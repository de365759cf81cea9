/**
 * Runs Slack diagnoses: starts one from a command, feeds button presses to its machine, keeps the
 * thread's messages current, and resumes whatever was open when the process stopped. The machine
 * lives only while work is in flight; between presses the diagnosis is its stored snapshot, so
 * any process (or a Lambda invocation) can pick it up.
 *
 * Consistency: one press at a time per diagnosis in this process (KeyedMutex), and every write is
 * a compare-and-set on the record's version, so two processes cannot lose each other's update.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { createActor, waitFor, type Actor, type Snapshot } from 'xstate';
import { DIAGNOSIS_MACHINE_VERSION, type diagnosisMachine } from '../../../machines/diagnosis.machine.ts';
import type { DiagnosisEvent } from '../../../machines/diagnosis-types.ts';
import { isSettled, type DiagnosisSnapshot } from '../../../machines/is-settled.ts';
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
  renderVerdictMessage,
} from '../../adapters/slack/index.ts';
import type { DiagnosisPatch, DiagnosisRecord, IncidentRef, StateStore } from '../../adapters/store/state-store.ts';
import type { StartDiagnosisRequest } from '../../adapters/jobs/bot-job.ts';
import { buildDiagnosisView, evidenceViewOf } from './build-diagnosis-view.ts';
import { describeIgnoredEvent } from './describe-ignored-event.ts';
import { KeyedMutex } from '../../adapters/store/keyed-mutex.ts';

export type DiagnosisLogic = typeof diagnosisMachine;

export interface DiagnosisServiceDeps {
  store: StateStore;
  slack: WebClient;
  /** The machine with its actors provided (provideAwsActors, or fakes in tests). */
  logic: DiagnosisLogic;
  runbook: Runbook;
  logger: Logger;
  now?: () => Date;
  /** Longest a run may take to reach a verdict before its state is saved as is and left for later. */
  settleTimeoutMs?: number;
  /** Posting to a response_url; global fetch unless replaced. */
  fetch?: typeof fetch;
}

export type StartOutcome = { status: 'started'; diagnosisId: string } | { status: 'duplicate' } | { status: 'not_posted'; error: string };

export type ApplyOutcome =
  | { status: 'applied'; diagnosisId: string; version: number }
  /** The machine would not take the event (step already answered, diagnosis moved on…). */
  | { status: 'ignored'; note: string }
  | { status: 'not_found'; note: string };

/** Dedup claims for a start request live this long: longer than Slack's retry schedule (~5 min). */
export const START_CLAIM_TTL_SECONDS = 15 * 60;
/** A second "Re-check" or "Verify fix" within this long of the first one joins it instead of running again. */
export const REPEAT_WINDOW_MS = 30_000;
const MAX_CONFLICT_RETRIES = 5;
const SUMMARY_REPEAT_SECONDS = 20;

/** Someone else (another process) changed the diagnosis while this one was working on it. */
class SnapshotConflictError extends Error {
  constructor(id: string) {
    super(`diagnosis ${id} was changed elsewhere while this process worked on it`);
    this.name = 'SnapshotConflictError';
  }
}

type MessageKey = 'parent' | 'evidence' | 'verdict' | `checklist:${ManualStepId}`;

export class DiagnosisService {
  private readonly mutex = new KeyedMutex();
  /** Hash of what each message last showed, so unchanged messages are not re-sent (chat.update is Tier 3). */
  private readonly shown = new Map<string, string>();
  private readonly now: () => Date;
  private readonly settleTimeoutMs: number;

  constructor(private readonly deps: DiagnosisServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.settleTimeoutMs = deps.settleTimeoutMs ?? 90_000;
  }

  /** Starts a diagnosis: claims the request, posts the parent message and runs to the verdict. */
  async start(request: StartDiagnosisRequest, hooks: { onCreated?: (diagnosisId: string) => void } = {}): Promise<StartOutcome> {
    const log = this.deps.logger.child({ dedupKey: request.dedupKey, apiId: request.ref.apiId });
    if (!(await this.deps.store.claimOnce(`start:${request.dedupKey}`, START_CLAIM_TTL_SECONDS))) {
      log.info('duplicate delivery of a diagnose request; not starting a second diagnosis');
      return { status: 'duplicate' };
    }
    const id = randomUUID();
    const input = { ref: request.ref, sinceMinutes: request.sinceMinutes ?? 60 };
    const actor = createActor(this.deps.logic, { input });
    const created = await this.deps.store.create({
      id,
      ref: request.ref,
      channel: request.channel,
      messages: {},
      requestedBy: request.requestedBy,
      requestedAt: request.requestedAt,
      machineVersion: DIAGNOSIS_MACHINE_VERSION,
      snapshot: actor.getPersistedSnapshot(),
      open: true,
      ...(request.incidents && request.incidents.length > 0 ? { incidents: request.incidents } : {}),
    });
    // Callers that want the id before the verdict (PagerDuty links the incident at once) get it here.
    hooks.onCreated?.(id);
    return this.mutex.run(id, async () => {
      // The parent message first: without it there is no thread, and no point in calling AWS.
      let record: DiagnosisRecord;
      try {
        record = await this.postParent(created, actor.getSnapshot());
      } catch (error) {
        const reason = slackErrorCode(error);
        log.warn({ err: error }, 'could not post the parent message');
        await this.deps.store.update(id, created.version, { open: false });
        if (request.responseUrl) {
          await this.respond(request.responseUrl, cannotPostText(reason)).catch((e: unknown) => log.warn({ err: e }, 'response_url failed'));
        }
        return { status: 'not_posted', error: reason } as const;
      }
      const done = await this.run(record, actor);
      log.info({ diagnosisId: id, version: done.version, open: done.open }, 'diagnosis run finished');
      return { status: 'started', diagnosisId: id } as const;
    });
  }

  /**
   * Sends a button's event to a stored diagnosis. Restores the machine, checks that the event
   * still applies (the machine's guards ignore stale presses), runs to the next settled state,
   * saves with compare-and-set and updates the thread; on a conflict it reloads and tries again.
   */
  async applyEvent(diagnosisId: string, event: DiagnosisEvent): Promise<ApplyOutcome> {
    return this.mutex.run(diagnosisId, async () => {
      for (let attempt = 1; ; attempt++) {
        let record = await this.deps.store.get(diagnosisId);
        if (!record) return { status: 'not_found', note: 'This diagnosis is no longer stored; run `/diagnose-502` again.' };
        if (record.machineVersion !== DIAGNOSIS_MACHINE_VERSION) {
          return { status: 'ignored', note: 'This diagnosis was started by an older version of the bot and cannot continue; run `/diagnose-502` again.' };
        }
        let actor = this.restore(record);
        if (!isSettled(actor.getSnapshot())) {
          // Saved mid-run (the process stopped): finish that run first, then judge the press.
          record = await this.run(record, actor);
          actor = this.restore(record);
        }
        const current = actor.getSnapshot();
        const repeat = recentRepeat(current, event);
        if (repeat) return { status: 'ignored', note: repeat };
        if (!current.can(event)) return { status: 'ignored', note: describeIgnoredEvent(current, event) };
        try {
          const saved = await this.run(record, actor, event);
          return { status: 'applied', diagnosisId, version: saved.version };
        } catch (error) {
          if (!(error instanceof SnapshotConflictError) || attempt >= MAX_CONFLICT_RETRIES) throw error;
          this.deps.logger.warn({ diagnosisId, attempt }, 'conflicting write; reloading and applying the press again');
        }
      }
    });
  }

  /**
   * Replaces the PagerDuty incidents a diagnosis belongs to and shows them in the parent
   * message. Waits its turn behind any run in progress, so the next update cannot drop them.
   */
  async showIncidents(diagnosisId: string, incidents: IncidentRef[]): Promise<void> {
    await this.mutex.run(diagnosisId, async () => {
      for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
        const record = await this.deps.store.get(diagnosisId);
        if (!record) return;
        const result = await this.deps.store.update(diagnosisId, record.version, { incidents });
        if (!result.ok) continue;
        if (result.record.parentTs) {
          const view = buildDiagnosisView(result.record, this.restore(result.record).getSnapshot(), this.deps.runbook);
          await this.showMessage(result.record, 'parent', renderParentMessage(view));
        }
        return;
      }
      throw new SnapshotConflictError(diagnosisId);
    });
  }

  /** Posts the postmortem-ready summary as a Markdown file in the thread. */
  async postSummary(diagnosisId: string): Promise<ApplyOutcome> {
    // Two presses of "Summary" in quick succession get one file.
    if (!(await this.deps.store.claimOnce(`summary:${diagnosisId}`, SUMMARY_REPEAT_SECONDS))) {
      return { status: 'ignored', note: 'A summary was posted in the thread moments ago.' };
    }
    const record = await this.deps.store.get(diagnosisId);
    if (!record) return { status: 'not_found', note: 'This diagnosis is no longer stored; run `/diagnose-502` again.' };
    if (!record.threadTs) return { status: 'ignored', note: 'The diagnosis thread is not there yet; try again in a moment.' };
    const snapshot = this.restore(record).getSnapshot();
    const view = buildDiagnosisView(record, snapshot, this.deps.runbook);
    const markdown = renderSummaryMarkdown(view);
    await this.deps.slack.filesUploadV2({
      channel_id: record.channel,
      thread_ts: record.threadTs,
      file: Buffer.from(markdown, 'utf8'),
      filename: `incident-summary-${record.ref.apiId}-${record.ref.stage}.md`,
      title: `Incident summary: ${view.report?.api.name ?? record.ref.apiId} ${record.ref.stage}`,
    });
    return { status: 'applied', diagnosisId, version: record.version };
  }

  /**
   * Picks up every open diagnosis after a restart. Returns the ids that need work (a run cut short,
   * or messages never posted) for the caller to enqueue; those written by another machine version
   * are closed with a note in their thread.
   */
  async findResumable(): Promise<string[]> {
    const toResume: string[] = [];
    for (const record of await this.deps.store.listOpen()) {
      if (record.machineVersion !== DIAGNOSIS_MACHINE_VERSION) {
        await this.closeOutdated(record);
        continue;
      }
      const snapshot = this.restore(record).getSnapshot();
      const missingVerdict = snapshot.context.verdict !== undefined && !record.messages['verdict'];
      if (!isSettled(snapshot) || !record.parentTs || missingVerdict) toResume.push(record.id);
    }
    return toResume;
  }

  /** Finishes a diagnosis saved mid-run and brings its thread up to date. */
  async resume(diagnosisId: string): Promise<void> {
    await this.mutex.run(diagnosisId, async () => {
      let record = await this.deps.store.get(diagnosisId);
      if (!record || !record.open || record.machineVersion !== DIAGNOSIS_MACHINE_VERSION) return;
      const actor = this.restore(record);
      if (!record.parentTs) record = await this.postParent(record, actor.getSnapshot());
      await this.run(record, actor);
    });
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

  /** Waits for work on every diagnosis to finish; for shutdown and tests. */
  async idle(): Promise<void> {
    while (this.mutex.busyKeys.length > 0) await Promise.all(this.mutex.busyKeys.map((k) => this.mutex.run(k, async () => undefined)));
  }

  // -------------------------------------------------------------------------------------------

  private restore(record: DiagnosisRecord): Actor<DiagnosisLogic> {
    return createActor(this.deps.logic, {
      snapshot: record.snapshot as Snapshot<unknown>,
      input: { ref: record.ref, sinceMinutes: 60 },
    });
  }

  /**
   * Starts the actor (from its snapshot), optionally sends an event, and waits for it to settle.
   * While it runs, the parent and evidence messages follow along; once settled the snapshot is
   * saved and every message is brought up to date.
   */
  private async run(record: DiagnosisRecord, actor: Actor<DiagnosisLogic>, event?: DiagnosisEvent): Promise<DiagnosisRecord> {
    const base = JSON.stringify(record.snapshot);
    let current = record;
    let pending: DiagnosisSnapshot | null = null;
    let progress: Promise<void> | null = null;
    let conflict: SnapshotConflictError | null = null;
    // Progress updates run one at a time on the latest snapshot; they never throw (a rejected
    // promise nobody awaits yet would be an unhandled rejection), a conflict is kept for later.
    const follow = () => {
      if (progress || conflict) return;
      progress = (async () => {
        while (pending && !conflict) {
          const snap: DiagnosisSnapshot = pending;
          pending = null;
          try {
            current = await this.syncMessages(current, snap, base, 'progress');
          } catch (error) {
            if (error instanceof SnapshotConflictError) conflict = error;
            else this.deps.logger.warn({ err: error, diagnosisId: record.id }, 'could not show progress in Slack');
          }
        }
        progress = null;
      })();
    };
    const subscription = actor.subscribe({
      next: (snap) => {
        if (isSettled(snap)) return;
        pending = snap;
        follow();
      },
      error: () => undefined,
    });
    actor.start();
    if (event) actor.send(event);
    let timedOut = false;
    try {
      await waitFor(actor, isSettled, { timeout: this.settleTimeoutMs });
    } catch (error) {
      timedOut = true;
      this.deps.logger.error({ err: error, diagnosisId: record.id }, 'the diagnosis did not settle in time; saving it as it is for a later resume');
    }
    subscription.unsubscribe();
    while (progress) await progress;
    const lost = conflict as SnapshotConflictError | null;
    if (lost) {
      actor.stop();
      throw lost;
    }
    const persisted = actor.getPersistedSnapshot();
    const live = actor.getSnapshot();
    actor.stop();

    current = await this.save(current, base, { snapshot: persisted, machineVersion: DIAGNOSIS_MACHINE_VERSION, open: live.status === 'active' });
    if (timedOut) return current;
    current = await this.syncMessages(current, live, JSON.stringify(persisted), 'full');
    if (!current.open) this.forget(current.id);
    return current;
  }

  /**
   * Compare-and-set write. A conflict caused only by message bookkeeping elsewhere is retried on
   * the fresh version; a conflict on the snapshot itself means our work is stale.
   */
  private async save(record: DiagnosisRecord, baseSnapshot: string, patch: DiagnosisPatch): Promise<DiagnosisRecord> {
    let current = record;
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      const result = await this.deps.store.update(current.id, current.version, patch);
      if (result.ok) return result.record;
      const fresh = await this.deps.store.get(current.id);
      if (!fresh || JSON.stringify(fresh.snapshot) !== baseSnapshot) throw new SnapshotConflictError(current.id);
      current = fresh;
    }
    throw new SnapshotConflictError(record.id);
  }

  private async postParent(record: DiagnosisRecord, snapshot: DiagnosisSnapshot): Promise<DiagnosisRecord> {
    const view = buildDiagnosisView(record, snapshot, this.deps.runbook);
    const message = renderParentMessage(view);
    const posted = await this.postOrFallback(record.id, 'parent', message, (m) => this.deps.slack.chat.postMessage({ channel: record.channel, ...m }));
    this.shown.set(`${record.id}:parent`, hashOf(message));
    return this.save(record, JSON.stringify(record.snapshot), { parentTs: posted, threadTs: posted });
  }

  /**
   * Brings the thread in line with the snapshot. `progress` touches the parent and the evidence
   * (cheap, while collectors report in); `full` adds the verdict, chart, evidence file and the
   * checklist. New messages are recorded one by one so a crash cannot make them post twice.
   */
  private async syncMessages(record: DiagnosisRecord, snapshot: DiagnosisSnapshot, baseSnapshot: string, mode: 'progress' | 'full'): Promise<DiagnosisRecord> {
    let current = record;
    const view = buildDiagnosisView(current, snapshot, this.deps.runbook);
    const evidenceView = evidenceViewOf(view, snapshot.context);
    const thread = current.threadTs;
    if (!current.parentTs || !thread) return current;

    await this.showMessage(current, 'parent', renderParentMessage(view));
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
      alt_text: `Chart of 5xx errors per minute and integration latency for ${report.api.name} ${current.ref.stage}`,
    }));
    for (const step of manualStepsToShow(view, current)) {
      current = await this.showMessage(current, `checklist:${step}`, renderChecklistMessage(view, step), baseSnapshot);
    }
    return current;
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
    return this.save(record, baseSnapshot ?? JSON.stringify(record.snapshot), { messages: { [key]: posted } });
  }

  /**
   * Sends a message; if Slack refuses its blocks (a renderer bug), sends the plain text instead so
   * the thread still says something, and logs the refusal for whoever fixes the renderer.
   */
  private async postOrFallback(
    diagnosisId: string,
    key: string,
    message: SlackMessage,
    send: (m: { text: string; blocks?: SlackMessage['blocks'] }) => Promise<{ ts?: string }>,
  ): Promise<string> {
    try {
      const res = await send({ text: message.text, blocks: message.blocks as never });
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
      return await this.save(record, baseSnapshot, { messages: { [key]: id } });
    } catch (error) {
      if (error instanceof SnapshotConflictError) throw error;
      // A missing chart must not cost the verdict: log it and carry on.
      this.deps.logger.warn({ err: error, diagnosisId: record.id, file: key }, 'could not upload a file to the thread');
      return record;
    }
  }

  private async closeOutdated(record: DiagnosisRecord): Promise<void> {
    const result = await this.deps.store.update(record.id, record.version, { open: false });
    if (!result.ok || !record.threadTs) return;
    await this.deps.slack.chat
      .postMessage({
        channel: record.channel,
        thread_ts: record.threadTs,
        text: 'The bot was upgraded and cannot continue this diagnosis; run `/diagnose-502` again for a fresh one.',
      })
      .catch((error: unknown) => this.deps.logger.warn({ err: error, diagnosisId: record.id }, 'could not post the upgrade note'));
  }

  private forget(diagnosisId: string): void {
    for (const key of this.shown.keys()) if (key.startsWith(`${diagnosisId}:`)) this.shown.delete(key);
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

/**
 * Two people pressing "Re-check now" (or "Verify fix") at nearly the same time want one run, not
 * two. A press within REPEAT_WINDOW_MS after the same request already in the timeline joins it.
 */
function recentRepeat(snapshot: DiagnosisSnapshot, event: DiagnosisEvent): string | null {
  if (event.type !== 'RECHECK' && event.type !== 'VERIFY_FIX') return null;
  const what = event.type === 'RECHECK' ? 'asked for a re-check of the evidence' : 'asked to verify the fix';
  const pressedAt = Date.parse(event.at);
  const earlier = [...snapshot.context.timeline].reverse().find((t) => t.what === what);
  if (!earlier) return null;
  const gap = pressedAt - Date.parse(earlier.at);
  if (gap < 0 || gap > REPEAT_WINDOW_MS) return null;
  const by = earlier.by ? `<@${earlier.by}>` : 'someone';
  return event.type === 'RECHECK'
    ? `${by} asked for a re-check moments before you; its results are in the thread.`
    : `${by} asked to verify the fix moments before you; the result is in the thread.`;
}

function hashOf(message: SlackMessage): string {
  // Button values carry the record version; a message whose only change is that number is not worth a chat.update.
  const text = JSON.stringify(message).replace(/\\"version\\":\d+/g, '');
  return createHash('sha1').update(text).digest('hex');
}

function slackErrorCode(error: unknown): string {
  const data = (error as { data?: { error?: unknown } }).data;
  if (data && typeof data.error === 'string') return data.error;
  return error instanceof Error ? error.message : String(error);
}

function cannotPostText(reason: string): string {
  if (reason === 'not_in_channel' || reason === 'channel_not_found') {
    return "I can't post in this channel. Invite me first (`/invite @diagnose-502`), then run the command again.";
  }
  return `I couldn't start the diagnosis thread (Slack said: ${reason}). Try again in a minute.`;
}
