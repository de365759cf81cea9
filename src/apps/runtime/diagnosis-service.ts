/**
 * Runs Slack diagnoses: starts one from a command, feeds button presses to its machine, keeps the
 * thread's messages current, and resumes whatever was open when the process stopped. The machine
 * lives only while work is in flight; between presses the diagnosis is its stored snapshot, so
 * any process (or a Lambda invocation) can pick it up.
 *
 * A thin composition: DiagnosisRunner runs the machine and saves its snapshot, SlackThreadSync
 * shows it in the thread. This class orders them: one press at a time per diagnosis in this
 * process (KeyedMutex), and every write is a compare-and-set on the record's version, so two
 * processes cannot lose each other's update (a conflict reloads and applies the press again).
 */
import { randomUUID } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { DIAGNOSIS_MACHINE_VERSION } from '../../../machines/diagnosis.machine.ts';
import type { DiagnosisEvent } from '../../../machines/diagnosis-types.ts';
import { isSettled } from '../../../machines/is-settled.ts';
import type { Runbook } from '../../core/runbook/runbook-schema.ts';
import type { StartDiagnosisRequest, ThreadQuestion } from '../../adapters/jobs/bot-job.ts';
import type { SummaryExtras } from '../../adapters/slack/index.ts';
import { isTransientSlackError } from '../../adapters/slack/is-transient-slack-error.ts';
import { KeyedMutex } from '../../adapters/store/keyed-mutex.ts';
import type { DiagnosisRecord, IncidentRef, StateStore } from '../../adapters/store/state-store.ts';
import { answerThreadQuestion } from './answer-thread-question.ts';
import { describeIgnoredEvent } from './describe-ignored-event.ts';
import { DiagnosisRunner, type DiagnosisActor, type DiagnosisLogic } from './diagnosis-runner.ts';
import { MAX_CONFLICT_RETRIES, SnapshotConflictError } from './save-diagnosis.ts';
import { SlackThreadSync, slackErrorCode } from './slack-thread-sync.ts';

export type { DiagnosisLogic } from './diagnosis-runner.ts';
export { REPEAT_WINDOW_MS } from '../../../machines/repeated-press.ts';

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
  /**
   * Runs after every settled run, with the thread up to date: turns a verified fix into a label
   * and posts similar past incidents once (issue 12). Returns the record as stored afterwards.
   */
  afterRun?: (record: DiagnosisRecord) => Promise<DiagnosisRecord>;
  /** What the summary adds beyond the diagnosis itself: the similar incidents. */
  summaryExtras?: (record: DiagnosisRecord) => Promise<SummaryExtras>;
}

export type StartOutcome =
  | { status: 'started'; diagnosisId: string }
  | { status: 'duplicate' }
  /** `transient`: Slack was down, slow or rate-limiting, so the same request may post later. */
  | { status: 'not_posted'; error: string; transient: boolean };

export type QuestionOutcome =
  /** Answered in the thread; `rerun` is the event to send through the job path (a re-run only). */
  | { status: 'answered'; diagnosisId: string; kind: string; rerun?: DiagnosisEvent }
  /** Not a diagnosis thread, not a question for the bot, or a redelivery: nothing was posted. */
  | { status: 'ignored'; reason: 'no-diagnosis' | 'not-a-question' | 'duplicate' };

export type ApplyOutcome =
  | { status: 'applied'; diagnosisId: string; version: number }
  /** The machine would not take the event (step already answered, diagnosis moved on…). */
  | { status: 'ignored'; note: string }
  | { status: 'not_found'; note: string };

/** Dedup claims for a start request live this long: longer than Slack's retry schedule (~5 min). */
export const START_CLAIM_TTL_SECONDS = 15 * 60;
const SUMMARY_REPEAT_SECONDS = 20;
const NOT_STORED = 'This diagnosis is no longer stored; run `/diagnose-502` again.';
/** Button values are not signed: a press counts only in the channel its diagnosis runs in. */
const OTHER_CHANNEL = 'This button belongs to a diagnosis in another channel; nothing was changed.';

/** Where a press came from; a press from outside the diagnosis' channel is refused. */
export interface PressOrigin {
  channel: string;
}

export class DiagnosisService {
  private readonly mutex = new KeyedMutex();
  private readonly runner: DiagnosisRunner;
  private readonly thread: SlackThreadSync;

  constructor(private readonly deps: DiagnosisServiceDeps) {
    this.runner = new DiagnosisRunner({
      store: deps.store,
      logic: deps.logic,
      logger: deps.logger,
      ...(deps.settleTimeoutMs !== undefined ? { settleTimeoutMs: deps.settleTimeoutMs } : {}),
    });
    this.thread = new SlackThreadSync({
      slack: deps.slack,
      store: deps.store,
      runbook: deps.runbook,
      logger: deps.logger,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
  }

  /** Starts a diagnosis: claims the request, posts the parent message and runs to the verdict. */
  async start(request: StartDiagnosisRequest, hooks: { onCreated?: (diagnosisId: string) => void } = {}): Promise<StartOutcome> {
    const log = this.deps.logger.child({ dedupKey: request.dedupKey, apiId: request.ref.apiId });
    if (!(await this.deps.store.claimOnce(`start:${request.dedupKey}`, START_CLAIM_TTL_SECONDS))) {
      log.info('duplicate delivery of a diagnose request; not starting a second diagnosis');
      return { status: 'duplicate' };
    }
    const id = randomUUID();
    const actor = this.runner.create({ ref: request.ref, sinceMinutes: request.sinceMinutes ?? 60 });
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
        record = await this.thread.postParent(created, actor.getSnapshot());
      } catch (error) {
        const reason = slackErrorCode(error);
        log.warn({ err: error }, 'could not post the parent message');
        await this.deps.store.update(id, created.version, { open: false });
        if (request.responseUrl) {
          await this.respond(request.responseUrl, cannotPostText(reason)).catch((e: unknown) => log.warn({ err: e }, 'response_url failed'));
        }
        return { status: 'not_posted', error: reason, transient: isTransientSlackError(error) } as const;
      }
      const done = await this.run(record, actor);
      log.info({ diagnosisId: id, version: done.version, open: done.open }, 'diagnosis run finished');
      return { status: 'started', diagnosisId: id } as const;
    });
  }

  /**
   * Sends a button's event to a stored diagnosis. Restores the machine, checks that the event
   * still applies (the machine's guards refuse stale and repeated presses), runs to the next
   * settled state, saves with compare-and-set and updates the thread; on a conflict it reloads
   * and tries again.
   */
  async applyEvent(diagnosisId: string, event: DiagnosisEvent, from?: PressOrigin): Promise<ApplyOutcome> {
    return this.mutex.run(diagnosisId, async () => {
      for (let attempt = 1; ; attempt++) {
        let record = await this.deps.store.get(diagnosisId);
        if (!record) return { status: 'not_found', note: NOT_STORED };
        if (from && from.channel !== record.channel) return { status: 'ignored', note: OTHER_CHANNEL };
        if (record.machineVersion !== DIAGNOSIS_MACHINE_VERSION) {
          return { status: 'ignored', note: 'This diagnosis was started by an older version of the bot and cannot continue; run `/diagnose-502` again.' };
        }
        let actor = this.runner.restore(record);
        if (!isSettled(actor.getSnapshot())) {
          // Saved mid-run (the process stopped): finish that run first, then judge the press.
          record = await this.run(record, actor);
          actor = this.runner.restore(record);
        }
        const current = actor.getSnapshot();
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
        await this.thread.showParent(result.record, this.runner.snapshotOf(result.record));
        return;
      }
      throw new SnapshotConflictError(diagnosisId);
    });
  }

  /**
   * Answers a question asked in a diagnosis thread from the stored evidence. Reads the store and
   * posts one reply; it never runs the machine, so it calls no AWS API. A re-run is returned for
   * the caller to send as an ordinary event, the path a "Re-check now" press takes.
   */
  async answerQuestion(question: ThreadQuestion): Promise<QuestionOutcome> {
    const record = await this.deps.store.findByThread(question.channel, question.threadTs);
    const threadTs = record?.threadTs;
    if (!record || !threadTs) return { status: 'ignored', reason: 'no-diagnosis' };
    const reply = answerThreadQuestion(record, this.runner.snapshotOf(record), this.deps.runbook, question);
    if (reply.status === 'not-a-question') return { status: 'ignored', reason: 'not-a-question' };
    // Slack redelivers an event it thinks went unanswered: one reply per message.
    if (!(await this.deps.store.claimOnce(`question:${question.channel}:${question.ts}`, START_CLAIM_TTL_SECONDS))) {
      return { status: 'ignored', reason: 'duplicate' };
    }
    await this.thread.postReply({ ...record, threadTs }, `answer:${reply.answer.kind}`, reply.message);
    return { status: 'answered', diagnosisId: record.id, kind: reply.answer.kind, ...(reply.rerun ? { rerun: reply.rerun } : {}) };
  }

  /** Posts the postmortem-ready summary as a Markdown file in the thread. */
  async postSummary(diagnosisId: string, from?: PressOrigin): Promise<ApplyOutcome> {
    const record = await this.deps.store.get(diagnosisId);
    if (!record) return { status: 'not_found', note: NOT_STORED };
    if (from && from.channel !== record.channel) return { status: 'ignored', note: OTHER_CHANNEL };
    // Two presses of "Summary" in quick succession get one file.
    if (!(await this.deps.store.claimOnce(`summary:${diagnosisId}`, SUMMARY_REPEAT_SECONDS))) {
      return { status: 'ignored', note: 'A summary was posted in the thread moments ago.' };
    }
    const threadTs = record.threadTs;
    if (!threadTs) return { status: 'ignored', note: 'The diagnosis thread is not there yet; try again in a moment.' };
    const extras = this.deps.summaryExtras ? await this.deps.summaryExtras(record).catch((error: unknown) => this.extrasFailed(error, diagnosisId)) : {};
    await this.thread.postSummary({ ...record, threadTs }, this.runner.snapshotOf(record), extras);
    return { status: 'applied', diagnosisId, version: record.version };
  }

  /**
   * Picks up every active diagnosis after a restart. Returns the ids that need work (a run cut
   * short, or messages never posted) for the caller to enqueue; those written by another machine
   * version are closed with a note in their thread. Dormant ones (idle past the retention
   * settings' dormancy) are not listed at all, so an upgrade posts nothing into old threads; a
   * press there still gets its answer.
   */
  async findResumable(): Promise<string[]> {
    const toResume: string[] = [];
    for (const record of await this.deps.store.listOpen()) {
      if (record.machineVersion !== DIAGNOSIS_MACHINE_VERSION) {
        await this.closeOutdated(record);
        continue;
      }
      const snapshot = this.runner.snapshotOf(record);
      const missingVerdict = snapshot.context.verdict !== undefined && !record.messages['verdict'];
      if (!isSettled(snapshot) || !record.parentTs || missingVerdict) toResume.push(record.id);
    }
    return toResume;
  }

  /** Finishes a diagnosis saved mid-run and brings its thread up to date. */
  async resume(diagnosisId: string): Promise<void> {
    await this.mutex.run(diagnosisId, async () => {
      let record = await this.deps.store.get(diagnosisId);
      if (!record?.open || record.machineVersion !== DIAGNOSIS_MACHINE_VERSION) return;
      const actor = this.runner.restore(record);
      if (!record.parentTs) record = await this.thread.postParent(record, actor.getSnapshot(), { mayHavePosted: true });
      await this.run(record, actor);
    });
  }

  /** An ephemeral note to one person, in the diagnosis thread when there is one. */
  async notifyUser(target: { channel: string; user: string; threadTs?: string }, text: string): Promise<void> {
    await this.thread.notifyUser(target, text);
  }

  /** Replies through a slash command's response_url (ephemeral): works even where the bot is not a member. */
  async respond(responseUrl: string, text: string): Promise<void> {
    await this.thread.respond(responseUrl, text);
  }

  /** Waits for work on every diagnosis to finish; for shutdown and tests. */
  async idle(): Promise<void> {
    while (this.mutex.busyKeys.length > 0) await Promise.all(this.mutex.busyKeys.map((k) => this.mutex.run(k, async () => undefined)));
  }

  /** Runs the machine to its next settled state with the thread following along, then brings every message up to date. */
  private async run(record: DiagnosisRecord, actor: DiagnosisActor, event?: DiagnosisEvent): Promise<DiagnosisRecord> {
    const result = await this.runner.run(record, actor, {
      ...(event ? { event } : {}),
      onProgress: (current, snapshot, base) => this.thread.sync(current, snapshot, base, 'progress'),
    });
    if (result.timedOut) return result.record;
    let current = await this.thread.sync(result.record, result.snapshot, result.savedSnapshot, 'full');
    if (!current.open) this.thread.forget(current.id);
    if (this.deps.afterRun) {
      // Labels and the memory of past incidents are extras: their failure must not fail the run.
      try {
        current = await this.deps.afterRun(current);
      } catch (error) {
        this.deps.logger.warn({ err: error, diagnosisId: current.id }, 'could not label the verdict or post similar incidents');
      }
    }
    return current;
  }

  private extrasFailed(error: unknown, diagnosisId: string): SummaryExtras {
    this.deps.logger.warn({ err: error, diagnosisId }, 'could not find similar incidents for the summary; posting it without them');
    return {};
  }

  private async closeOutdated(record: DiagnosisRecord): Promise<void> {
    const result = await this.deps.store.update(record.id, record.version, { open: false });
    if (!result.ok) return;
    await this.thread.postUpgradeNote(record);
  }
}

function cannotPostText(reason: string): string {
  if (reason === 'not_in_channel' || reason === 'channel_not_found') {
    return "I can't post in this channel. Invite me first (`/invite @diagnose-502`), then run the command again.";
  }
  return `I couldn't start the diagnosis thread (Slack said: ${reason}). Try again in a minute.`;
}
