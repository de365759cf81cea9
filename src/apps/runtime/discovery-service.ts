/**
 * The jobs that find an API before diagnosing it: the scan (`/diagnose-502` with no API) and the
 * lookup of a name or custom-domain URL. Both answer the person through the command's
 * response_url (ephemeral, works where the bot is not a member), else an ephemeral message.
 */
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { ClientsForAccount } from '../../adapters/aws/clients-for-account.ts';
import { resolveApiTarget } from '../../adapters/aws/resolve-api-target.ts';
import { scanFailingApis } from '../../adapters/aws/scan-failing-apis.ts';
import type { AccessConfig } from '../../adapters/config/access-config-schema.ts';
import { scanPlaces } from '../../adapters/config/scan-regions.ts';
import type { BotJob, ScanRequest, StartDiagnosisRequest } from '../../adapters/jobs/bot-job.ts';
import { escapeMrkdwn } from '../../adapters/slack/escape-mrkdwn.ts';
import { renderScanMessage } from '../../adapters/slack/render-scan-message.ts';
import { DiagnoseError } from '../../core/errors/diagnose-error.ts';
import type { SlackMessage } from '../../core/view/diagnosis-view.ts';

/** The scan looks this far back: long enough to see a spike, short enough to mean "now". */
export const SCAN_MINUTES = 15;

export interface DiscoveryServiceDeps {
  clients: Pick<ClientsForAccount, 'clientsIn'>;
  config: AccessConfig;
  defaultRegion: string;
  slack: WebClient;
  logger: Logger;
  /** Starts a diagnosis once the API is known (the service's start). */
  start: (request: StartDiagnosisRequest) => Promise<unknown>;
  now?: () => Date;
  fetch?: typeof fetch;
}

export class DiscoveryService {
  constructor(private readonly deps: DiscoveryServiceDeps) {}

  async scan(request: ScanRequest): Promise<void> {
    const now = this.deps.now?.() ?? new Date();
    const places = scanPlaces(this.deps.config, this.deps.defaultRegion, request.region);
    const result = await scanFailingApis(
      places.map((p) => ({ clients: this.deps.clients.clientsIn(p.region, p.account), ...(p.account ? { account: p.account } : {}) })),
      { sinceMinutes: SCAN_MINUTES, now },
    );
    this.deps.logger.info({ job: 'scan', failing: result.apis.length, places: places.length, problems: result.problems.length }, 'scan done');
    await this.answer(request, renderScanMessage({ apis: result.apis, sinceMinutes: SCAN_MINUTES, places: places.length, problems: result.problems }));
  }

  async resolveAndStart(job: Extract<BotJob, { kind: 'resolve-start' }>): Promise<void> {
    const where = { channel: job.request.channel, user: job.request.requestedBy, ...(job.request.responseUrl ? { responseUrl: job.request.responseUrl } : {}) };
    let resolved: Awaited<ReturnType<typeof resolveApiTarget>>;
    try {
      resolved = await resolveApiTarget(job.target, { clientsFor: (region) => this.deps.clients.clientsIn(region), defaultRegion: job.defaultRegion });
    } catch (error) {
      if (!(error instanceof DiagnoseError)) throw error;
      this.deps.logger.info({ job: job.kind, code: error.code }, 'could not resolve the API a person named');
      // The message names AWS values (ids, names) and what the person typed: escape it all.
      await this.answer(where, {
        text: error.message,
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `\`\`\`${escapeMrkdwn(error.message).replace(/`/g, 'ˋ')}\`\`\`` } }],
      });
      return;
    }
    this.deps.logger.info({ job: job.kind, via: resolved.via, apiId: resolved.ref.apiId }, 'API found');
    await this.deps.start({ ...job.request, ref: resolved.ref });
  }

  private async answer(to: { channel: string; user: string; responseUrl?: string }, message: SlackMessage): Promise<void> {
    if (to.responseUrl) {
      const res = await (this.deps.fetch ?? fetch)(to.responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks }),
      }).catch((error: unknown) => ({ ok: false, status: 0, error }));
      if (res.ok) return;
      this.deps.logger.warn({ status: res.status }, 'response_url failed; answering with an ephemeral message');
    }
    await this.deps.slack.chat.postEphemeral({ channel: to.channel, user: to.user, text: message.text, blocks: message.blocks as never });
  }
}
