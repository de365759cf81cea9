/**
 * Turns CloudWatch alarm state changes into diagnosis threads, as the PagerDuty service does for
 * incidents: an API Gateway 5xx alarm entering ALARM is placed on its API (HTTP: the ApiId
 * dimension; REST: the ApiName dimension, looked up among the region's REST APIs), joins that
 * API's storm group, and the group's first alarm starts the diagnosis in the channel the config
 * gives (`alarms.channel` or an override). An OK transition updates the alarm's line in the
 * parent message; once every alarm of the group is back to OK the parent says it recovered.
 *
 * An API name that fits several REST APIs, or an alarm without a Stage dimension, is never
 * guessed: the channel is told why no diagnosis started, with the candidates.
 *
 * Everything it remembers lives in the storm store and the bot's claims, keyed by the transition
 * (alarm, state, time of the change), so a redelivered event (a local re-post, EventBridge's
 * at-least-once delivery, an SQS retry) opens no second thread.
 */
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { alarmStateChangeEventSchema } from '../../adapters/alarms/alarm-event-schema.ts';
import { readAlarmTransition, type AlarmTransition } from '../../adapters/alarms/read-alarm-transition.ts';
import type { ClientsForAccount } from '../../adapters/aws/clients-for-account.ts';
import { findRestApisByMetricName } from '../../adapters/aws/find-rest-apis-by-metric-name.ts';
import type { AccessConfig } from '../../adapters/config/access-config-schema.ts';
import { alarmChannel } from '../../adapters/config/alarm-channel.ts';
import type { AlarmJob } from '../../adapters/jobs/alarm-job.ts';
import { mutate, type PagerDutyStore } from '../../adapters/pagerduty/pagerduty-store.ts';
import { section } from '../../adapters/slack/block-kit.ts';
import { escapeMrkdwn, inlineCode } from '../../adapters/slack/escape-mrkdwn.ts';
import { KeyedMutex } from '../../adapters/store/keyed-mutex.ts';
import type { IncidentRef, StateStore } from '../../adapters/store/state-store.ts';
import { apiIdSchema, apiRefSchema, type ApiRef } from '../../core/api/api-ref.ts';
import { DiagnoseError, type ApiCandidate } from '../../core/errors/diagnose-error.ts';
import type { DiagnosisRuntime } from './diagnosis-runtime.ts';
import { closeStormGroup, groupKey, joinStormGroup, stormApiKey, type StormGroup } from './join-storm-group.ts';

/** Alarm-started diagnoses are asked for by this name (it shows as "Asked by CloudWatch alarm"). */
export const ALARM_REQUESTER = 'CloudWatch alarm';

export interface AlarmIncidentServiceDeps {
  config: AccessConfig;
  runtime: DiagnosisRuntime;
  slack: WebClient;
  /** The bot's store: one claim per alarm transition. */
  claims: Pick<StateStore, 'claimOnce'>;
  /** Alarm records and storm groups (the same versioned store PagerDuty keeps its groups in). */
  store: PagerDutyStore;
  /** AWS clients, for REST API names; another account's when the alarm's account is configured. */
  clients: Pick<ClientsForAccount, 'clientsIn'>;
  logger: Logger;
  /** Default 10, like PagerDuty's. */
  stormWindowMinutes?: number;
  sinceMinutes?: number;
  now?: () => Date;
}

/** What the bot keeps about one alarm (by account, region and name) between its transitions. */
export interface AlarmRecord {
  key: string;
  alarmName: string;
  account: string;
  region: string;
  state: string;
  /** When the alarm entered `state`: an older transition never overwrites a newer one. */
  stateAt: string;
  reason?: string;
  /** When it last entered ALARM, for its line in the parent. */
  alarmAt?: string;
  ref?: ApiRef;
  groupId?: string;
}

const ONCE_TTL_SECONDS = 7 * 24 * 60 * 60;
const MAX_CANDIDATES = 10;

export function alarmKey(t: Pick<AlarmTransition, 'account' | 'region' | 'alarmName'>): string {
  return `alarm:${t.account}:${t.region}:${t.alarmName}`;
}

export class AlarmIncidentService {
  private readonly mutex = new KeyedMutex();
  private readonly now: () => Date;

  constructor(private readonly deps: AlarmIncidentServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** The queue's job handler. */
  async handle(job: AlarmJob): Promise<void> {
    const parsed = alarmStateChangeEventSchema.safeParse(job.event);
    if (!parsed.success) {
      // A malformed event fails the same way on every retry: log it, do not loop through the DLQ.
      this.deps.logger.warn({ issue: parsed.error.issues[0] }, 'alarm event ignored: not a CloudWatch alarm state change the bot can read');
      return;
    }
    const t = readAlarmTransition(parsed.data);
    const log = this.deps.logger.child({ alarm: t.alarmName, state: t.state, region: t.region });
    if (!t.api) {
      log.info('alarm ignored: none of its metrics is an API Gateway 5XXError/5xx with an ApiName or ApiId dimension');
      return;
    }
    const channel = alarmChannel(this.deps.config.alarms, t.alarmName);
    if (!channel) {
      log.info(this.deps.config.alarms ? 'alarm ignored: its name does not start with alarms.namePrefix' : 'alarm ignored: alarms.channel is not configured');
      return;
    }
    if (t.state !== 'ALARM' && t.state !== 'OK') {
      log.info('alarm transition ignored: only ALARM and OK are acted on');
      return;
    }
    // Two deliveries of one transition (same alarm, state and instant) must make one thread.
    if (!(await this.deps.claims.claimOnce(`alarm:transition:${alarmKey(t)}:${t.state}:${t.stateAt}`, ONCE_TTL_SECONDS))) {
      log.info('alarm transition already handled; redelivery ignored');
      return;
    }
    const record = await this.saveTransition(t);
    if (t.state === 'OK') {
      if (record.groupId) await this.refreshGroup(record.groupId);
      return;
    }
    // Newer news arrived first (an OK after this ALARM): the alarm is not firing any more.
    if (record.state !== 'ALARM') return;
    const ref = await this.placeOnApi(t, channel, log);
    if (ref) await this.openOrJoin(record, ref, channel, t);
  }

  // -------------------------------------------------------------------------------------------
  // which API

  private async placeOnApi(t: AlarmTransition, channel: string, log: Logger): Promise<ApiRef | null> {
    const api = t.api!;
    const stage = api.stage;
    const named = api.type === 'http' ? api.apiId! : api.apiName!;
    if (!stage) {
      await this.tell(
        channel,
        t,
        `watches ${api.type === 'http' ? 'API' : 'the REST API named'} ${inlineCode(named)} without a Stage dimension, so I cannot tell which stage to diagnose. ` +
          `Run ${inlineCode(`/diagnose-502 ${named} <stage> ${t.region}`)}, or give the alarm a Stage dimension.`,
      );
      log.info('alarm has no Stage dimension; told the channel');
      return null;
    }
    let apiId: string | undefined;
    if (api.type === 'http') {
      apiId = apiIdSchema.safeParse(api.apiId).success ? api.apiId : undefined;
    } else {
      const found = await this.restApisNamed(api.apiName!, t, channel, log);
      if (found === null) return null;
      if (found.length > 1) {
        const lines = found
          .slice(0, MAX_CANDIDATES)
          .map((c) => `• ${inlineCode(c.id)} · REST · created ${c.createdDate?.slice(0, 10) ?? 'unknown'}`)
          .join('\n');
        await this.tell(
          channel,
          t,
          `names REST API ${inlineCode(api.apiName!)}, and ${found.length} REST APIs in ${t.region} carry that name (they share one 5XXError metric). ` +
            `I will not guess which one fails. Diagnose the right one by id with ${inlineCode(`/diagnose-502 <id> ${stage} ${t.region}`)}:\n${lines}`,
        );
        log.info({ candidates: found.length }, 'REST API name is ambiguous; told the channel');
        return null;
      }
      apiId = found[0]?.id;
      if (!apiId) {
        await this.tell(
          channel,
          t,
          `names REST API ${inlineCode(api.apiName!)}, but no REST API in ${t.region} has that name now (renamed or deleted?). Diagnose it by id with ${inlineCode(`/diagnose-502 <id> ${stage} ${t.region}`)}.`,
        );
        log.info('REST API name not found; told the channel');
        return null;
      }
    }
    const ref = apiRefSchema.safeParse({ apiId, stage, region: t.region });
    if (!ref.success) {
      await this.tell(channel, t, `has dimensions that do not name an API this tool can read safely (${ref.error.issues[0]?.message ?? 'invalid'}).`);
      return null;
    }
    return ref.data;
  }

  /** The REST APIs whose metric name is `apiName`; null when AWS could not be asked (the channel is told). */
  private async restApisNamed(apiName: string, t: AlarmTransition, channel: string, log: Logger): Promise<ApiCandidate[] | null> {
    try {
      return await findRestApisByMetricName(this.deps.clients.clientsIn(t.region, this.accountOf(t)), apiName);
    } catch (error) {
      if (!(error instanceof DiagnoseError)) throw error;
      log.warn({ code: error.code }, 'could not list REST APIs to place the alarm');
      await this.tell(channel, t, `names REST API ${inlineCode(apiName)}, but listing the REST APIs of ${t.region} failed: ${escapeMrkdwn(error.message)}`);
      return null;
    }
  }

  /** The alarm's account when the config lists a role for it; otherwise the bot's own. */
  private accountOf(t: Pick<AlarmTransition, 'account'>): string | undefined {
    return this.deps.config.accounts?.[t.account] ? t.account : undefined;
  }

  /** A top-level message saying why this alarm did not start a diagnosis. */
  private async tell(channel: string, t: AlarmTransition, what: string): Promise<void> {
    const text = `:rotating_light: CloudWatch alarm ${inlineCode(t.alarmName)} (${inlineCode(t.region)}) is in ALARM. It ${what}`;
    await this.deps.slack.chat.postMessage({
      channel,
      text: `CloudWatch alarm ${escapeMrkdwn(t.alarmName)} is in ALARM; no diagnosis started`,
      blocks: [section(text)] as never,
    });
  }

  // -------------------------------------------------------------------------------------------
  // the group's thread

  /** Puts the alarm in its API's storm group; the group's first alarm runs the diagnosis. */
  private async openOrJoin(record: AlarmRecord, ref: ApiRef, channel: string, t: AlarmTransition): Promise<void> {
    // Own key space: PagerDuty incidents and alarms of one API keep their own threads.
    const apiKey = `alarm:${stormApiKey(ref, this.accountOf(t) ?? this.deps.config.apis?.[ref.apiId]?.account)}`;
    const { leader, group } = await joinStormGroup(this.deps.store, {
      apiKey,
      ref,
      channel,
      incidentId: record.key,
      now: this.now(),
      windowMs: (this.deps.stormWindowMinutes ?? 10) * 60_000,
    });
    await this.update(record.key, (r) => ({ ...r, ref, groupId: group.groupId }));
    const log = this.deps.logger.child({ alarm: record.alarmName, groupId: group.groupId, leader });
    if (!leader) {
      log.info({ alarms: group.incidentIds.length }, 'alarm joined an open diagnosis of the same API');
      if (group.diagnosisId) await this.refreshGroup(group.groupId);
      return;
    }
    let outcome: Awaited<ReturnType<DiagnosisRuntime['start']>>;
    let linked: Promise<void> = Promise.resolve();
    try {
      outcome = await this.deps.runtime.start(
        {
          ref,
          ...(this.deps.sinceMinutes ? { sinceMinutes: this.deps.sinceMinutes } : {}),
          channel,
          requestedBy: ALARM_REQUESTER,
          requestedAt: group.requestedAt,
          dedupKey: `alarm:${group.groupId}`,
          incidents: await this.linesOf(group),
        },
        // Known before the run ends, so alarms joining meanwhile find the diagnosis.
        (diagnosisId) => {
          linked = this.linkDiagnosis(group.groupId, diagnosisId).catch((error: unknown) =>
            log.warn({ err: error, diagnosisId }, 'could not link the storm group to its diagnosis'),
          );
        },
      );
    } catch (error) {
      await closeStormGroup(this.deps.store, group);
      throw error;
    }
    await linked;
    if (outcome.status === 'not_posted') {
      log.error({ slackError: outcome.error }, `could not open the alarm thread in ${channel}; is the bot a member of the channel?`);
      await closeStormGroup(this.deps.store, group);
      return;
    }
    // An OK may have come while the diagnosis ran; the parent shows the latest of every alarm.
    await this.refreshGroup(group.groupId);
  }

  private async linkDiagnosis(groupId: string, diagnosisId: string): Promise<void> {
    await mutate<StormGroup>(this.deps.store, groupKey(groupId), (g) => (g && !g.diagnosisId ? { ...g, diagnosisId } : undefined));
    await this.refreshGroup(groupId);
  }

  /** Re-renders the parent with every alarm of the group; one at a time per group. */
  private async refreshGroup(groupId: string): Promise<void> {
    await this.mutex.run(groupId, async () => {
      const group = (await this.deps.store.get<StormGroup>(groupKey(groupId)))?.value;
      if (!group?.diagnosisId) return;
      await this.deps.runtime.showIncidents(group.diagnosisId, await this.linesOf(group));
    });
  }

  private async linesOf(group: StormGroup): Promise<IncidentRef[]> {
    const records = await Promise.all(group.incidentIds.map((key) => this.deps.store.get<AlarmRecord>(key)));
    return records.flatMap((r) => (r ? [alarmLine(r.value)] : []));
  }

  // -------------------------------------------------------------------------------------------
  // alarm records

  private async saveTransition(t: AlarmTransition): Promise<AlarmRecord> {
    const key = alarmKey(t);
    return (await mutate<AlarmRecord>(this.deps.store, key, (current) => {
      // Deliveries are not ordered: an older transition never overwrites a newer one.
      if (current && Date.parse(current.stateAt) >= Date.parse(t.stateAt)) return undefined;
      return {
        ...(current ?? {}),
        key,
        alarmName: t.alarmName,
        account: t.account,
        region: t.region,
        state: t.state,
        stateAt: t.stateAt,
        ...(t.reason ? { reason: t.reason } : {}),
        ...(t.state === 'ALARM' ? { alarmAt: t.stateAt } : current?.alarmAt ? { alarmAt: current.alarmAt } : {}),
      };
    }))!;
  }

  private async update(key: string, change: (record: AlarmRecord) => AlarmRecord): Promise<void> {
    await mutate<AlarmRecord>(this.deps.store, key, (current) => (current ? change(current) : undefined));
  }
}

/** The alarm's line in the parent message: its name, linked to the console, and where it stands. */
export function alarmLine(record: AlarmRecord): IncidentRef {
  const hhmm = (iso: string) => `${iso.slice(11, 16)} UTC`;
  const status =
    record.state === 'OK'
      ? `OK · recovered ${hhmm(record.stateAt)}${record.alarmAt ? ` (in ALARM since ${hhmm(record.alarmAt)})` : ''}`
      : `${record.state} since ${hhmm(record.alarmAt ?? record.stateAt)}`;
  const region = record.region;
  return {
    id: record.key,
    title: record.alarmName,
    url: `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#alarmsV2:alarm/${encodeURIComponent(record.alarmName)}`,
    status,
    source: 'cloudwatch',
    resolved: record.state === 'OK',
  };
}
