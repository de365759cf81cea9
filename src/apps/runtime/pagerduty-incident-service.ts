/**
 * Turns PagerDuty events into diagnosis threads. A triggered incident is placed on an API (config,
 * alarm, or a person's answer), joins that API's storm group, and the group's first incident
 * starts the diagnosis in the PagerDuty channel; status changes update the incident's line in the
 * parent message; a verdict goes back to every incident of the group as a note.
 *
 * Everything it remembers is in the PagerDutyStore and the bot's StateStore, so a job can run in
 * any process, and run again after a crash, without posting twice.
 */
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { ApiRef } from '../../core/api/api-ref.ts';
import type { ApiTarget } from '../../core/api/parse-api-target.ts';
import type { AccessConfig } from '../../adapters/config/access-config-schema.ts';
import { KeyedMutex } from '../../adapters/store/keyed-mutex.ts';
import type { IncidentRef, StateStore } from '../../adapters/store/state-store.ts';
import { PAGERDUTY_REQUESTER, type DiagnosisRuntime } from './diagnosis-runtime.ts';
import { applyIncidentEvent, incidentKey, incidentLine, newIncidentRecord, type IncidentRecord } from '../../adapters/pagerduty/incident-record.ts';
import { closeStormGroup, groupKey, joinStormGroup, stormApiKey, type StormGroup } from './join-storm-group.ts';
import { knownApiOptions } from '../../adapters/pagerduty/known-api-options.ts';
import { parseApiChoice } from '../../adapters/pagerduty/parse-api-choice.ts';
import type { PagerDutyJob } from '../../adapters/jobs/pagerduty-job.ts';
import type { PagerDutyRestClient } from '../../adapters/pagerduty/pagerduty-rest-client.ts';
import { mutate, type PagerDutyStore } from '../../adapters/pagerduty/pagerduty-store.ts';
import { pagerDutyIncidentSchema, type PagerDutyEvent, type PagerDutyIncident } from '../../adapters/pagerduty/pagerduty-webhook-schema.ts';
import type { PagerDutySettings } from '../../adapters/config/read-pagerduty-settings.ts';
import { renderApiChosenMessage, renderChooseApiMessage } from '../../adapters/slack/render-choose-api-message.ts';
import { renderIncidentNote } from '../../adapters/pagerduty/render-incident-note.ts';
import { resolveIncidentApi } from './resolve-incident-api.ts';
import { threadPermalink } from '../../adapters/slack/thread-permalink.ts';
import { isTransientSlackError } from '../../adapters/slack/is-transient-slack-error.ts';
import { IncidentThreadNotPostedError } from './incident-thread-not-posted-error.ts';
import { slackErrorCode } from './slack-thread-sync.ts';

export interface PagerDutyIncidentServiceDeps {
  settings: PagerDutySettings;
  config: AccessConfig;
  runtime: DiagnosisRuntime;
  slack: WebClient;
  /** The bot's store: one-time claims (triggered once, chosen once, one note per verdict). */
  claims: Pick<StateStore, 'claimOnce' | 'releaseClaim'>;
  store: PagerDutyStore;
  /** Set when PAGERDUTY_API_TOKEN is: alert details in, notes out. */
  rest?: Pick<PagerDutyRestClient, 'listIncidentAlerts' | 'createIncidentNote' | 'canWrite'>;
  logger: Logger;
  defaultRegion: string;
  /** Looks up services mapped by name or URL, and REST alarms by their ApiName. */
  resolveTarget?: (target: ApiTarget) => Promise<ApiRef>;
  /** Default 10. */
  stormWindowMinutes?: number;
  /** Diagnosis window; the slash command's default (60) when absent. */
  sinceMinutes?: number;
  now?: () => Date;
}

const ONCE_TTL_SECONDS = 7 * 24 * 60 * 60;
const NOTE_TTL_SECONDS = 30 * 24 * 60 * 60;

/** The claim that makes one thread of every delivery of an incident's trigger. */
export function triggeredClaimKey(incidentId: string): string {
  return `pagerduty:triggered:${incidentId}`;
}

export class PagerDutyIncidentService {
  private readonly mutex = new KeyedMutex();
  private readonly now: () => Date;
  private workspaceUrl: Promise<string | undefined> | undefined;

  constructor(private readonly deps: PagerDutyIncidentServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** The queue's job handler. */
  async handle(job: PagerDutyJob): Promise<void> {
    if (job.kind === 'pagerduty-choose-api') return this.onApiChosen(job);
    const incident = pagerDutyIncidentSchema.parse(job.event.data);
    if (job.event.event_type === 'incident.triggered') return this.onTriggered(incident, job.event);
    return this.onStatusChange(incident, job.event);
  }

  // -------------------------------------------------------------------------------------------
  // triggered

  private async onTriggered(incident: PagerDutyIncident, event: PagerDutyEvent): Promise<void> {
    const log = this.deps.logger.child({ incidentId: incident.id });
    // Two deliveries of one trigger (different webhook ids) must still make one thread.
    const claim = triggeredClaimKey(incident.id);
    if (!(await this.deps.claims.claimOnce(claim, ONCE_TTL_SECONDS))) {
      log.info('incident already handled; trigger ignored');
      return;
    }
    try {
      await this.placeTriggered(incident, event, log);
    } catch (error) {
      // Nothing reached Slack: give the claim back, so the queue's retry (or PagerDuty's
      // redelivery) opens the thread rather than being dropped as a duplicate. A failure after
      // the thread exists keeps the claim: running again would post a second thread.
      if (!(error instanceof ThreadPostedError)) await this.release(claim, log);
      throw error instanceof ThreadPostedError ? error.cause : error;
    }
  }

  private async placeTriggered(incident: PagerDutyIncident, event: PagerDutyEvent, log: Logger): Promise<void> {
    const record = await this.saveIncident(incident, event);
    const channel = this.deps.settings.channel;
    if (!channel) {
      log.error('pagerduty.channel is not set in the configuration; nowhere to open the incident thread');
      return;
    }
    const resolution = await resolveIncidentApi(incident, {
      settings: this.deps.settings,
      config: this.deps.config,
      ...(this.deps.rest ? { rest: this.deps.rest } : {}),
      defaultRegion: this.deps.defaultRegion,
      ...(this.deps.resolveTarget ? { resolveTarget: this.deps.resolveTarget } : {}),
      logger: log,
    });
    if (resolution.ref) {
      log.info({ ref: resolution.ref, source: resolution.source }, 'incident placed on an API');
      await this.openOrJoin(record, resolution.ref, channel);
      return;
    }
    log.info({ reason: resolution.reason }, 'cannot tell which API the incident is about; asking in the channel');
    const message = renderChooseApiMessage({
      incident: record,
      reason: resolution.reason,
      options: knownApiOptions(this.deps.settings, this.deps.config, resolution.alarm),
    });
    let posted: Awaited<ReturnType<WebClient['chat']['postMessage']>>;
    try {
      posted = await this.deps.slack.chat.postMessage({ channel, text: message.text, blocks: message.blocks as never });
    } catch (error) {
      throw new IncidentThreadNotPostedError(incident.id, channel, slackErrorCode(error), isTransientSlackError(error), { cause: error });
    }
    const ts = posted.ts;
    if (ts) await this.after(() => this.updateIncident(incident.id, (r) => ({ ...r, question: { channel, ts, reason: resolution.reason } })));
  }

  /** Runs work that follows a successful post; a failure there must not give the claim back. */
  private async after(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      throw new ThreadPostedError(error);
    }
  }

  private async release(claim: string, log: Logger): Promise<void> {
    await this.deps.claims
      .releaseClaim(claim)
      .catch((error: unknown) => log.error({ err: error, claim }, 'could not release the claim; a retry will be dropped'));
  }

  /** Puts the incident in its API's storm group; the group's first incident runs the diagnosis. */
  private async openOrJoin(record: IncidentRecord, ref: ApiRef, channel: string): Promise<void> {
    const apiKey = stormApiKey(ref, this.deps.config.apis?.[ref.apiId]?.account);
    const { leader, group } = await joinStormGroup(this.deps.store, {
      apiKey,
      ref,
      channel,
      incidentId: record.id,
      now: this.now(),
      windowMs: (this.deps.stormWindowMinutes ?? 10) * 60_000,
    });
    await this.updateIncident(record.id, (r) => ({ ...r, ref, groupId: group.groupId }));
    const log = this.deps.logger.child({ incidentId: record.id, groupId: group.groupId, leader });
    if (!leader) {
      log.info({ incidents: group.incidentIds.length }, 'incident joined an open diagnosis of the same API');
      // Before the leader knows its diagnosis, the leader shows everyone; after, each member shows itself.
      if (group.diagnosisId) {
        await this.refreshGroup(group.groupId);
        await this.writeBack(group.groupId);
      }
      return;
    }
    let outcome: Awaited<ReturnType<DiagnosisRuntime['start']>>;
    let linked: Promise<void> = Promise.resolve();
    let created = false;
    try {
      outcome = await this.deps.runtime.start(
        {
          ref,
          ...(this.deps.sinceMinutes ? { sinceMinutes: this.deps.sinceMinutes } : {}),
          channel,
          requestedBy: PAGERDUTY_REQUESTER,
          requestedAt: group.requestedAt,
          dedupKey: `pagerduty:${group.groupId}`,
          incidents: await this.linesOf(group),
        },
        // Known before the run ends, so incidents joining meanwhile find the diagnosis.
        (diagnosisId) => {
          created = true;
          linked = this.linkDiagnosis(group.groupId, diagnosisId).catch((error: unknown) =>
            log.warn({ err: error, diagnosisId }, 'could not link the storm group to its diagnosis'),
          );
        },
      );
    } catch (error) {
      // Incidents must not keep joining a diagnosis that never started.
      await closeStormGroup(this.deps.store, group);
      // Once the diagnosis exists its parent is posted (a refused post is an outcome, not a throw)
      // and the store resumes it; running the trigger again would open a second thread.
      throw created ? new ThreadPostedError(error) : error;
    }
    await linked;
    if (outcome.status === 'not_posted') {
      log.error({ slackError: outcome.error, retryable: outcome.transient }, `could not open the incident thread in ${channel}`);
      await closeStormGroup(this.deps.store, group);
      // A failed job, not a finished one: the queue retries it, and the caller gives its claim back.
      throw new IncidentThreadNotPostedError(record.id, channel, outcome.error, outcome.transient);
    }
    if (outcome.status === 'duplicate') return;
    await this.after(() => this.writeBack(group.groupId));
  }

  /** Records the group's diagnosis and shows every incident that joined before it was known. */
  private async linkDiagnosis(groupId: string, diagnosisId: string): Promise<void> {
    await mutate<StormGroup>(this.deps.store, groupKey(groupId), (g) => (g && !g.diagnosisId ? { ...g, diagnosisId } : undefined));
    await this.refreshGroup(groupId);
  }

  // -------------------------------------------------------------------------------------------
  // "which API?" answered

  private async onApiChosen(job: Extract<PagerDutyJob, { kind: 'pagerduty-choose-api' }>): Promise<void> {
    const tell = (text: string) => this.deps.slack.chat.postEphemeral({ channel: job.channel, user: job.user, text });
    const record = (await this.deps.store.get<IncidentRecord>(incidentKey(job.incidentId)))?.value;
    if (!record) return void (await tell('This incident is no longer tracked by the bot; run `/diagnose-502` instead.'));
    const choice = parseApiChoice(job.choice, this.deps.config, this.deps.defaultRegion);
    if (!choice.ok) return void (await tell(choice.message));
    if (!(await this.deps.claims.claimOnce(`pagerduty:chosen:${job.incidentId}`, ONCE_TTL_SECONDS))) {
      return void (await tell('Someone chose the API for this incident moments ago; its diagnosis is in the channel.'));
    }
    const channel = record.question?.channel ?? job.channel;
    const answered = renderApiChosenMessage({ incident: record, ref: choice.ref, by: job.user });
    await this.deps.slack.chat
      .update({ channel, ts: record.question?.ts ?? job.messageTs, text: answered.text, blocks: answered.blocks as never })
      .catch((error: unknown) => this.deps.logger.warn({ err: error, incidentId: record.id }, 'could not update the question message'));
    try {
      await this.openOrJoin(record, choice.ref, this.deps.settings.channel ?? channel);
    } catch (error) {
      // As for a trigger: the retry of an answer whose thread never opened must not be refused.
      if (!(error instanceof ThreadPostedError)) await this.release(`pagerduty:chosen:${job.incidentId}`, this.deps.logger);
      throw error instanceof ThreadPostedError ? error.cause : error;
    }
  }

  // -------------------------------------------------------------------------------------------
  // acknowledged, resolved, reassigned…

  private async onStatusChange(incident: PagerDutyIncident, event: PagerDutyEvent): Promise<void> {
    let changed = false;
    const record = await mutate<IncidentRecord>(this.deps.store, incidentKey(incident.id), (current) => {
      // Jobs run side by side, so an acknowledgement can be handled before its trigger: keep the
      // status, and the trigger (which never overwrites a newer status) builds on it.
      const next = current ? applyIncidentEvent(current, incident, event) : newIncidentRecord(incident, event);
      changed = next !== undefined;
      return next;
    });
    if (!record || !changed) return;
    if (record.groupId) {
      await this.refreshGroup(record.groupId);
      return;
    }
    if (record.question) {
      const options = knownApiOptions(this.deps.settings, this.deps.config);
      const message = renderChooseApiMessage({ incident: record, reason: record.question.reason, options });
      await this.deps.slack.chat.update({ channel: record.question.channel, ts: record.question.ts, text: message.text, blocks: message.blocks as never });
    }
  }

  // -------------------------------------------------------------------------------------------
  // the group's thread

  /** Re-renders the parent with every incident of the group; one at a time per group. */
  private async refreshGroup(groupId: string): Promise<void> {
    await this.mutex.run(groupId, async () => {
      const group = (await this.deps.store.get<StormGroup>(groupKey(groupId)))?.value;
      if (!group?.diagnosisId) return;
      await this.deps.runtime.showIncidents(group.diagnosisId, await this.linesOf(group));
    });
  }

  /** One note per incident per verdict, with the thread's link. */
  private async writeBack(groupId: string): Promise<void> {
    const rest = this.deps.rest;
    if (!rest?.canWrite) return;
    const group = (await this.deps.store.get<StormGroup>(groupKey(groupId)))?.value;
    const diagnosisId = group?.diagnosisId;
    if (!group || !diagnosisId) return;
    const record = await this.deps.runtime.get(diagnosisId);
    const verdict = record ? this.deps.runtime.verdictOf(record) : null;
    if (!record || !verdict) return;
    const workspace = await this.workspace();
    const threadUrl = workspace && record.threadTs ? threadPermalink(workspace, record.channel, record.threadTs) : undefined;
    const note = renderIncidentNote({
      ref: record.ref,
      ...(verdict.apiName ? { apiName: verdict.apiName } : {}),
      verdict,
      run: verdict.run,
      ...(threadUrl ? { threadUrl } : {}),
    });
    for (const incidentId of group.incidentIds) {
      if (!(await this.deps.claims.claimOnce(`pagerduty:note:${incidentId}:${diagnosisId}:${verdict.run}`, NOTE_TTL_SECONDS))) continue;
      try {
        await rest.createIncidentNote(incidentId, note);
      } catch (error) {
        this.deps.logger.warn({ err: error, incidentId, diagnosisId }, 'could not add the verdict note to the PagerDuty incident');
      }
    }
  }

  private async linesOf(group: StormGroup): Promise<IncidentRef[]> {
    const records = await Promise.all(group.incidentIds.map((id) => this.deps.store.get<IncidentRecord>(incidentKey(id))));
    return records.flatMap((r) => (r ? [incidentLine(r.value)] : []));
  }

  private async workspace(): Promise<string | undefined> {
    this.workspaceUrl ??= this.deps.slack.auth
      .test()
      .then((r) => r.url)
      .catch((error: unknown) => {
        this.deps.logger.warn({ err: error }, 'auth.test failed; notes go without the thread link');
        this.workspaceUrl = undefined;
        return undefined;
      });
    return this.workspaceUrl;
  }

  // -------------------------------------------------------------------------------------------
  // incident records

  private async saveIncident(incident: PagerDutyIncident, event: PagerDutyEvent): Promise<IncidentRecord> {
    return (await mutate<IncidentRecord>(this.deps.store, incidentKey(incident.id), (current) => {
      if (!current) return newIncidentRecord(incident, event);
      // A status event processed first keeps its newer status.
      return applyIncidentEvent(current, incident, event);
    }))!;
  }

  private async updateIncident(incidentId: string, change: (record: IncidentRecord) => IncidentRecord): Promise<void> {
    await mutate<IncidentRecord>(this.deps.store, incidentKey(incidentId), (current) => (current ? change(current) : undefined));
  }
}

/**
 * Wraps a failure that came after the incident's thread or question was posted: the job still
 * fails (and is retried where that is safe), but its claim is kept so no second thread opens.
 */
class ThreadPostedError extends Error {
  readonly code = 'failed_after_thread_posted';

  constructor(cause: unknown) {
    super('failed after the incident thread was posted', { cause });
    this.name = 'ThreadPostedError';
  }
}
