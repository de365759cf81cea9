/**
 * The two PagerDuty REST API calls the bot makes: read an incident's alerts (webhooks do not
 * carry the alert body, where CloudWatch puts the alarm's dimensions) and add a note with the
 * verdict. Plain fetch, so a test points it at a local stand-in with PAGERDUTY_API_URL.
 */
import { z } from 'zod';

export interface PagerDutyRestOptions {
  token: string;
  /** https://api.pagerduty.com, or a stand-in. */
  baseUrl: string;
  /** Email of a PagerDuty user; REST writes are refused without a From header. */
  fromEmail?: string;
  fetch?: typeof fetch;
  /** Per request; a slow PagerDuty must not hold a diagnosis back for long. */
  timeoutMs?: number;
}

const alertSchema = z.looseObject({
  id: z.string(),
  status: z.string().optional(),
  summary: z.string().optional(),
  created_at: z.string().optional(),
  body: z.looseObject({ details: z.unknown().optional(), cef_details: z.unknown().optional() }).nullish(),
});
const alertsPageSchema = z.looseObject({ alerts: z.array(alertSchema), more: z.boolean().optional() });
const noteSchema = z.looseObject({ note: z.looseObject({ id: z.string() }) });

export type PagerDutyAlert = z.infer<typeof alertSchema>;

const PAGE_SIZE = 25;
/** Enough to find the alarm: alerts of one incident are normally the same alarm, again and again. */
const MAX_PAGES = 4;

export class PagerDutyApiError extends Error {
  readonly code = 'pagerduty_api';
  constructor(
    message: string,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'PagerDutyApiError';
  }
}

export class PagerDutyRestClient {
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;

  constructor(private readonly options: PagerDutyRestOptions) {
    this.fetch = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 8_000;
  }

  /** True when notes can be written (PagerDuty needs a From header for that). */
  get canWrite(): boolean {
    return this.options.fromEmail !== undefined;
  }

  /** The incident's alerts, newest pages first as PagerDuty lists them, up to 100. */
  async listIncidentAlerts(incidentId: string): Promise<PagerDutyAlert[]> {
    const alerts: PagerDutyAlert[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(page * PAGE_SIZE) });
      const json = await this.request('GET', `/incidents/${encodeURIComponent(incidentId)}/alerts?${query}`);
      const parsed = alertsPageSchema.safeParse(json);
      if (!parsed.success) throw new PagerDutyApiError(`GET /incidents/${incidentId}/alerts answered an unexpected body`);
      alerts.push(...parsed.data.alerts);
      if (!parsed.data.more) break;
    }
    return alerts;
  }

  /** Adds a note to the incident's timeline; returns the note id. */
  async createIncidentNote(incidentId: string, content: string): Promise<string> {
    if (!this.options.fromEmail) throw new PagerDutyApiError('cannot write a note without a From email (set PAGERDUTY_FROM_EMAIL)');
    const json = await this.request('POST', `/incidents/${encodeURIComponent(incidentId)}/notes`, { note: { content } }, { From: this.options.fromEmail });
    const parsed = noteSchema.safeParse(json);
    if (!parsed.success) throw new PagerDutyApiError(`POST /incidents/${incidentId}/notes answered an unexpected body`);
    return parsed.data.note.id;
  }

  private async request(method: 'GET' | 'POST', path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<unknown> {
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}${path}`;
    let res: Response;
    try {
      res = await this.fetch(url, {
        method,
        headers: {
          Accept: 'application/json',
          Authorization: `Token token=${this.options.token}`,
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...extraHeaders,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new PagerDutyApiError(`${method} ${path}: PagerDuty did not answer (${(error as Error).message})`, undefined, { cause: error });
    }
    const text = await res.text();
    if (!res.ok) {
      const hint = res.status === 401 ? ' (check PAGERDUTY_API_TOKEN)' : res.status === 403 ? ' (the token lacks access to this incident)' : '';
      throw new PagerDutyApiError(`${method} ${path}: PagerDuty answered ${res.status}${hint}: ${text.slice(0, 200)}`, res.status);
    }
    try {
      return text.length > 0 ? (JSON.parse(text) as unknown) : {};
    } catch (error) {
      throw new PagerDutyApiError(`${method} ${path}: PagerDuty answered something that is not JSON`, res.status, { cause: error });
    }
  }
}
