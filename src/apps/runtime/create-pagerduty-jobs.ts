/**
 * Builds the PagerDuty job handler from the bot's parts: the REST client when a token is set,
 * the adapter around the diagnosis service, and the incident service. It needs the Slack client,
 * so it is built after the app; the webhook route (pagerDutyWebhookRoute) needs only the store
 * and the queue, and can be built before.
 */
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { ApiRef } from '../../core/api/api-ref.ts';
import type { ApiTarget } from '../../core/api/parse-api-target.ts';
import type { AccessConfig } from '../../adapters/config/access-config-schema.ts';
import type { DiagnosisLogic, DiagnosisService } from './diagnosis-service.ts';
import type { StateStore } from '../../adapters/store/state-store.ts';
import { createDiagnosisRuntime, type DiagnosisRuntime } from './diagnosis-runtime.ts';
import { PagerDutyIncidentService } from './pagerduty-incident-service.ts';
import { deliveryClaimKey } from './handle-pagerduty-webhook.ts';
import type { PagerDutyJob } from '../../adapters/jobs/pagerduty-job.ts';
import { PagerDutyRestClient } from '../../adapters/pagerduty/pagerduty-rest-client.ts';
import type { PagerDutyStore } from '../../adapters/pagerduty/pagerduty-store.ts';
import type { PagerDutyEnv } from '../../adapters/config/read-pagerduty-env.ts';
import { readPagerDutySettings } from '../../adapters/config/read-pagerduty-settings.ts';

export interface PagerDutyJobsDeps {
  env: PagerDutyEnv;
  config: AccessConfig;
  service: Pick<DiagnosisService, 'start' | 'showIncidents'>;
  store: StateStore;
  pagerDutyStore: PagerDutyStore;
  slack: WebClient;
  /** The same machine logic the service runs (to read verdicts from stored snapshots). */
  logic: DiagnosisLogic;
  logger: Logger;
  defaultRegion: string;
  /** Diagnosis window in minutes; the slash command's default when absent. */
  sinceMinutes?: number;
  /** Looks up services mapped by name or URL, and REST alarms by their ApiName (resolveApiTarget). */
  resolveTarget?: (target: ApiTarget) => Promise<ApiRef>;
  /** Replaces the default adapter around `service` (tests). */
  runtime?: DiagnosisRuntime;
  fetch?: typeof fetch;
  now?: () => Date;
}

/**
 * @example
 * const handlePagerDutyJob = createPagerDutyJobs({ env: pagerDutyEnv, config, service, store, pagerDutyStore, slack: app.client, logic, logger, defaultRegion });
 */
export function createPagerDutyJobs(deps: PagerDutyJobsDeps): (job: PagerDutyJob) => Promise<void> {
  const logger = deps.logger.child({ integration: 'pagerduty' });
  const rest = deps.env.apiToken
    ? new PagerDutyRestClient({
        token: deps.env.apiToken,
        baseUrl: deps.env.apiUrl,
        ...(deps.env.fromEmail ? { fromEmail: deps.env.fromEmail } : {}),
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      })
    : undefined;
  if (rest && !rest.canWrite) logger.warn('PAGERDUTY_FROM_EMAIL is not set: verdicts will not be written back to incidents');
  const incidents = new PagerDutyIncidentService({
    settings: readPagerDutySettings(deps.config),
    config: deps.config,
    runtime: deps.runtime ?? createDiagnosisRuntime({ service: deps.service, store: deps.store, logic: deps.logic }),
    slack: deps.slack,
    claims: deps.store,
    store: deps.pagerDutyStore,
    ...(rest ? { rest } : {}),
    logger,
    defaultRegion: deps.defaultRegion,
    ...(deps.resolveTarget ? { resolveTarget: deps.resolveTarget } : {}),
    stormWindowMinutes: deps.env.stormWindowMinutes,
    ...(deps.sinceMinutes ? { sinceMinutes: deps.sinceMinutes } : {}),
    ...(deps.now ? { now: deps.now } : {}),
  });
  return async (job) => {
    try {
      await incidents.handle(job);
    } catch (error) {
      // A failed event is not received: PagerDuty's redelivery of it must run, not count as a duplicate.
      if (job.kind === 'pagerduty-event') {
        await deps.store
          .releaseClaim(deliveryClaimKey(job.deliveryId))
          .catch((releaseError: unknown) => logger.error({ err: releaseError, deliveryId: job.deliveryId }, 'could not release the delivery claim'));
      }
      throw error;
    }
  };
}
