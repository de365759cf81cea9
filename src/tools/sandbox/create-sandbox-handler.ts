/**
 * The sandbox page's HTTP routes. The page never talks to the bot itself: it says what the person
 * did ("ran this command", "pressed this button in that message", "page me", "this alarm fired"),
 * and these routes turn it into the request Slack, PagerDuty or an alarm forwarder would send,
 * signed, to the bot's real endpoints.
 *
 *   GET  /                 the page          GET  /events        live updates (SSE)
 *   GET  /assets/…         page assets       GET  /api/state     everything the page shows
 *   GET  /files/<id>       uploaded files    POST /api/command   a slash command or a message
 *   POST /api/action       a button press    POST /api/pagerduty a simulated incident
 *   POST /api/alarm        a CloudWatch alarm entering ALARM, or going back to OK
 *   POST /api/home         the person opened the bot's Home tab (an app_home_opened event)
 *   POST /api/reply        a message in a thread (message and, when it mentions the bot, app_mention events)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { escapeMrkdwn } from '../../adapters/slack/escape-mrkdwn.ts';
import type { LocalSlackWebApi } from '../slack-web-api/start-local-slack-web-api.ts';
import { signAlarmEvent } from '../../adapters/alarms/verify-alarm-signature.ts';
import { buildAlarmEvent } from './build-alarm-event.ts';
import { buildBlockActions } from './build-block-actions.ts';
import { buildPagerDutyIncident } from './build-pagerduty-incident.ts';
import { buildSlashCommand } from './build-slash-command.ts';
import { appHomeOpenedEvent, buildEventCallback, threadReplyEvents } from './build-event-callback.ts';
import { deliverAlarmEvent, deliverPagerDutyWebhook, deliverSlackEvent, deliverSlackRequest, type Delivery } from './deliver-to-bot.ts';
import type { EventStream } from './event-stream.ts';
import { checkSandboxOrigin } from './check-sandbox-origin.ts';
import { findPressedAction } from './find-pressed-action.ts';
import type { SandboxAsset } from './load-page-assets.ts';
import type { SandboxChannel } from './sandbox-workspace.ts';
import { SANDBOX_BOT, SANDBOX_USER } from './sandbox-workspace.ts';
import type { ScenarioSummary } from './sandbox-bot-config.ts';

export interface ActivityEntry {
  at: string;
  kind: 'slash_command' | 'block_actions' | 'event' | 'pagerduty' | 'alarm' | 'runbook' | 'bot';
  summary: string;
  status?: number;
  ms?: number;
  error?: string;
}

export interface SandboxHandlerContext {
  slack: LocalSlackWebApi;
  channels: SandboxChannel[];
  scenarios: ScenarioSummary[];
  signingSecret: string;
  pagerDutySecret: string;
  alarmSecret: string;
  /** The bot's base URL for a channel (waits while it starts), or a reason it has none. */
  botUrlFor(channel: SandboxChannel): Promise<string>;
  /** Whether the bot serves the PagerDuty webhook, and if not, why. */
  pagerDuty(): { available: boolean; note?: string };
  /** Whether the bot serves the alarm route, and if not, why. */
  alarms(): { available: boolean; note?: string };
  events: EventStream;
  assets: Map<string, SandboxAsset>;
  /** Everything the page needs to draw itself (also the first SSE event). */
  snapshot(): unknown;
  activity(entry: Omit<ActivityEntry, 'at'>): void;
  /** The interface the sandbox listens on, accepted as a Host besides the loopback names. */
  listenHost?: string;
}

const MAX_BODY = 64 * 1024;
const commandSchema = z.strictObject({ channel: z.string().min(1).max(40), text: z.string().trim().min(1).max(4000) });
const actionSchema = z.strictObject({
  channel: z.string().min(1).max(40),
  ts: z.string().regex(/^\d+\.\d+$/),
  blockId: z.string().min(1).max(255),
  actionId: z.string().min(1).max(255),
  selectedValue: z.string().max(3000).optional(),
  feedback: z.enum(['positive', 'negative']).optional(),
});
const replySchema = z.strictObject({
  channel: z.string().min(1).max(40),
  threadTs: z.string().regex(/^\d+\.\d+$/),
  text: z.string().trim().min(1).max(4000),
});
const pagerDutySchema = z.strictObject({ scenarioId: z.string().min(1).max(100) });
const alarmSchema = z.strictObject({ scenarioId: z.string().min(1).max(100), state: z.enum(['ALARM', 'OK']) });

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};
const PAGE_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function createSandboxHandler(ctx: SandboxHandlerContext) {
  let incidentNumber = 1200;

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox.local');
    const route = `${req.method ?? 'GET'} ${url.pathname}`;
    // Before any route: a page elsewhere (DNS rebinding, a cross-site post) gets nothing.
    const origin = checkSandboxOrigin(req.headers, ctx.listenHost ? [ctx.listenHost] : []);
    if (!origin.ok) return sendJson(res, 403, { ok: false, error: `refused: ${origin.reason}` });
    try {
      if (route === 'GET /' || route === 'GET /index.html') return sendAsset(res, ctx.assets.get('index.html'), PAGE_CSP);
      if (req.method === 'GET' && url.pathname.startsWith('/assets/')) return sendAsset(res, ctx.assets.get(url.pathname.slice('/assets/'.length)));
      if (route === 'GET /events') return ctx.events.attach(req, res, [{ event: 'snapshot', data: ctx.snapshot() }]);
      if (route === 'GET /api/state') {
        sendJson(res, 200, ctx.snapshot());
        return;
      }
      if (route === 'GET /healthz') {
        sendJson(res, 200, { ok: true });
        return;
      }
      if (route === 'GET /favicon.ico') return sendAsset(res, ctx.assets.get('favicon.svg'));
      if (req.method === 'GET' && url.pathname.startsWith('/files/')) return sendFile(res, url.pathname.slice('/files/'.length).split('/')[0] ?? '');
      if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
        // The page posts JSON with fetch; a form on another site cannot, so this is enough against CSRF here.
        if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
          sendJson(res, 415, { ok: false, error: 'send JSON' });
          return;
        }
        const body = await readJson(req);
        if (route === 'POST /api/command') return await runCommand(res, commandSchema.parse(body));
        if (route === 'POST /api/action') return await pressAction(res, actionSchema.parse(body));
        if (route === 'POST /api/pagerduty') return await simulateIncident(res, pagerDutySchema.parse(body));
        if (route === 'POST /api/alarm') return await simulateAlarm(res, alarmSchema.parse(body));
        if (route === 'POST /api/home') return await openHome(res);
        if (route === 'POST /api/reply') return await replyInThread(res, replySchema.parse(body));
      }
      sendJson(res, 404, { ok: false, error: 'not found' });
    } catch (error) {
      if (error instanceof z.ZodError) {
        sendJson(res, 400, { ok: false, error: error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
        return;
      }
      if (error instanceof BadRequest) {
        sendJson(res, 400, { ok: false, error: error.message });
        return;
      }
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  };

  function channelOf(id: string): SandboxChannel {
    const channel = ctx.channels.find((c) => c.id === id);
    if (!channel) throw new BadRequest(`unknown channel ${id}`);
    return channel;
  }

  async function runCommand(res: ServerResponse, input: z.infer<typeof commandSchema>): Promise<void> {
    const channel = channelOf(input.channel);
    const state = ctx.slack.state;
    if (!input.text.startsWith('/')) {
      // A plain message: Slack shows it in the channel; the bot listens to commands only.
      state.add({
        channel: channel.id,
        ts: state.nextTs(),
        user: SANDBOX_USER.id,
        text: escapeMrkdwn(input.text),
        edits: [],
        files: [],
        via: 'chat.postMessage',
        postedAt: state.isoNow(),
      });
      return sendJson(res, 200, { ok: true, delivered: false });
    }
    const [command = '', ...rest] = input.text.split(/\s+/);
    if (command !== '/diagnose-502') {
      slackbotSays(
        channel,
        `\`${command}\` is not a valid command. In Slack, messages that start with "/" are interpreted as commands. This workspace has \`/diagnose-502\`.`,
      );
      return sendJson(res, 200, { ok: true, delivered: false });
    }
    const botUrl = await botUrlOrSay(channel);
    if (!botUrl) {
      sendJson(res, 503, { ok: false, error: 'the bot is not running' });
      return;
    }
    const responseUrl = ctx.slack.responseUrl(channel.id, SANDBOX_USER.id);
    const body = buildSlashCommand({ command, text: rest.join(' '), channel, responseUrl });
    const delivery = await deliverSlackRequest(`${botUrl}/slack/events`, body, ctx.signingSecret);
    ctx.activity({
      kind: 'slash_command',
      summary: `${command} ${rest.join(' ')}`.trim(),
      status: delivery.status,
      ms: delivery.ms,
      ...(delivery.error ? { error: delivery.error } : {}),
    });
    if (delivery.error) {
      slackbotSays(channel, `\`${command}\` failed with the error "${delivery.error}"${delivery.status ? ` (HTTP ${delivery.status})` : ''}.`);
    } else {
      await showAcknowledgement(responseUrl, delivery);
    }
    sendJson(res, 200, { ok: !delivery.error, status: delivery.status, ms: delivery.ms, ...(delivery.error ? { error: delivery.error } : {}) });
  }

  /** A slash command's HTTP answer with a body is shown by Slack as a message (ephemeral unless in_channel). */
  async function showAcknowledgement(responseUrl: string, delivery: Delivery): Promise<void> {
    const text = delivery.body.trim();
    if (!text) return;
    let body: string;
    try {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      if (typeof parsed !== 'object' || parsed === null || (!parsed['text'] && !parsed['blocks'])) return;
      body = JSON.stringify(parsed);
    } catch {
      // Slack shows a plain-text answer as is.
      body = JSON.stringify({ text });
    }
    await fetch(responseUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  }

  async function pressAction(res: ServerResponse, input: z.infer<typeof actionSchema>): Promise<void> {
    const channel = channelOf(input.channel);
    const message = ctx.slack.state.find(channel.id, input.ts);
    if (!message) throw new BadRequest(`no message ${input.ts} in #${channel.name}`);
    const action = findPressedAction(message, {
      blockId: input.blockId,
      actionId: input.actionId,
      ...(input.selectedValue !== undefined ? { selectedValue: input.selectedValue } : {}),
      ...(input.feedback ? { feedback: input.feedback } : {}),
    });
    if ('error' in action) throw new BadRequest(action.error);
    const botUrl = await botUrlOrSay(channel, message.threadTs);
    if (!botUrl) {
      sendJson(res, 503, { ok: false, error: 'the bot is not running' });
      return;
    }
    const responseUrl = ctx.slack.responseUrl(channel.id, SANDBOX_USER.id);
    const body = buildBlockActions({ channel, message, action, responseUrl });
    const delivery = await deliverSlackRequest(`${botUrl}/slack/events`, body, ctx.signingSecret);
    const label =
      action.type === 'button' || action.type === 'feedback_buttons' ? action.text : action.type === 'plain_text_input' ? 'Enter' : action.selectedOption?.text;
    ctx.activity({
      kind: 'block_actions',
      summary: `pressed "${label ?? action.actionId}"`,
      status: delivery.status,
      ms: delivery.ms,
      ...(delivery.error ? { error: delivery.error } : {}),
    });
    // Slack tells the presser, quietly, when the app did not answer in time.
    if (delivery.error)
      slackbotSays(
        channel,
        `The app did not respond to that button in time ("${delivery.error}"). Try again.`,
        message.threadTs ?? (message.ephemeralFor ? undefined : message.ts),
      );
    sendJson(res, 200, { ok: !delivery.error, status: delivery.status, ms: delivery.ms, ...(delivery.error ? { error: delivery.error } : {}) });
  }

  /**
   * A person writes in a thread: the message appears there as Slack shows it (escaped, with
   * "@diagnose-502" turned into a mention of the bot), and the events Slack would send reach the bot.
   */
  async function replyInThread(res: ServerResponse, input: z.infer<typeof replySchema>): Promise<void> {
    const channel = channelOf(input.channel);
    const state = ctx.slack.state;
    const parent = state.find(channel.id, input.threadTs);
    if (!parent || parent.threadTs) throw new BadRequest(`no thread ${input.threadTs} in #${channel.name}`);
    const text = escapeMrkdwn(input.text).replace(new RegExp(`@${SANDBOX_BOT.name}\\b`, 'g'), `<@${SANDBOX_BOT.userId}>`);
    const ts = state.nextTs();
    state.add({
      channel: channel.id,
      ts,
      threadTs: parent.ts,
      user: SANDBOX_USER.id,
      text,
      edits: [],
      files: [],
      via: 'chat.postMessage',
      postedAt: state.isoNow(),
    });
    const botUrl = await botUrlOrSay(channel, parent.ts);
    if (!botUrl) return sendJson(res, 503, { ok: false, error: 'the bot is not running' });
    let last: Delivery | undefined;
    for (const event of threadReplyEvents({ channel: channel.id, user: SANDBOX_USER.id, text, ts, threadTs: parent.ts })) {
      last = await deliverSlackEvent(`${botUrl}/slack/events`, buildEventCallback(event), ctx.signingSecret);
      ctx.activity({
        kind: 'event',
        summary: `${String(event['type'])} in a thread`,
        status: last.status,
        ms: last.ms,
        ...(last.error ? { error: last.error } : {}),
      });
      if (last.error) break;
    }
    sendJson(res, 200, { ok: !last?.error, status: last?.status, ms: last?.ms, ...(last?.error ? { error: last.error } : {}) });
  }

  /** Slack sends app_home_opened each time someone opens the Home tab; the bot answers with views.publish. */
  async function openHome(res: ServerResponse): Promise<void> {
    const simulated = ctx.channels.find((c) => c.aws === 'simulated')!;
    const botUrl = await botUrlOrSay(simulated);
    if (!botUrl) return sendJson(res, 503, { ok: false, error: 'the bot is not running' });
    const body = buildEventCallback(appHomeOpenedEvent(SANDBOX_USER.id));
    const delivery = await deliverSlackEvent(`${botUrl}/slack/events`, body, ctx.signingSecret);
    ctx.activity({
      kind: 'event',
      summary: 'app_home_opened (Home tab)',
      status: delivery.status,
      ms: delivery.ms,
      ...(delivery.error ? { error: delivery.error } : {}),
    });
    sendJson(res, 200, { ok: !delivery.error, status: delivery.status, ms: delivery.ms, ...(delivery.error ? { error: delivery.error } : {}) });
  }

  /** The scenario a simulation is about and the running bot's URL; null once the answer is sent. */
  async function scenarioAndBot(res: ServerResponse, scenarioId: string): Promise<{ scenario: (typeof ctx.scenarios)[number]; botUrl: string } | null> {
    const scenario = ctx.scenarios.find((s) => s.id === scenarioId);
    if (!scenario) throw new BadRequest(`unknown scenario ${scenarioId}`);
    const simulated = ctx.channels.find((c) => c.aws === 'simulated')!;
    const botUrl = await botUrlOrSay(simulated);
    if (!botUrl) {
      sendJson(res, 503, { ok: false, error: 'the bot is not running' });
      return null;
    }
    return { scenario, botUrl };
  }

  async function simulateIncident(res: ServerResponse, input: z.infer<typeof pagerDutySchema>): Promise<void> {
    const pd = ctx.pagerDuty();
    if (!pd.available) {
      sendJson(res, 409, { ok: false, error: pd.note ?? 'the bot has no PagerDuty webhook' });
      return;
    }
    const target = await scenarioAndBot(res, input.scenarioId);
    if (!target) return;
    const { scenario, botUrl } = target;
    incidentNumber += 1;
    const delivery = buildPagerDutyIncident({
      serviceId: scenario.pagerDutyServiceId,
      serviceName: `${scenario.apiName} (${scenario.stage})`,
      title: `ALARM: "${scenario.apiName}-${scenario.stage}-5xx" in ${regionName(scenario.region)}`,
      number: incidentNumber,
      secret: ctx.pagerDutySecret,
    });
    const result = await deliverPagerDutyWebhook(`${botUrl}/pagerduty/webhook`, delivery.body, delivery.headers);
    ctx.activity({
      kind: 'pagerduty',
      summary: `incident #${incidentNumber} triggered for ${scenario.apiName} ${scenario.stage}`,
      status: result.status,
      ms: result.ms,
      ...(result.error ? { error: result.error } : {}),
    });
    sendJson(res, 200, {
      ok: !result.error,
      status: result.status,
      ms: result.ms,
      incidentId: delivery.incidentId,
      ...(result.error ? { error: result.error } : {}),
    });
  }

  /**
   * A CloudWatch alarm on the scenario API's 5xx metric changing state now, as EventBridge would
   * deliver it (REST: 5XXError by ApiName and Stage; HTTP: 5xx by ApiId and Stage), signed with
   * the bot's alarm secret and posted to its local route.
   */
  async function simulateAlarm(res: ServerResponse, input: z.infer<typeof alarmSchema>): Promise<void> {
    const alarms = ctx.alarms();
    if (!alarms.available) {
      sendJson(res, 409, { ok: false, error: alarms.note ?? 'the bot has no alarm route' });
      return;
    }
    const target = await scenarioAndBot(res, input.scenarioId);
    if (!target) return;
    const { scenario, botUrl } = target;
    const alarmName = `${scenario.apiName}-${scenario.stage}-5xx`;
    const event = buildAlarmEvent({
      alarmName,
      region: scenario.region,
      state: input.state,
      at: new Date(),
      api:
        scenario.apiType === 'http'
          ? { type: 'http', id: scenario.apiId, stage: scenario.stage }
          : { type: 'rest', name: scenario.apiName, stage: scenario.stage },
    });
    const body = JSON.stringify(event);
    const result = await deliverAlarmEvent(`${botUrl}/alarms/event`, body, signAlarmEvent(body, ctx.alarmSecret));
    ctx.activity({
      kind: 'alarm',
      summary: `${alarmName} ${input.state === 'ALARM' ? 'entered ALARM' : 'back to OK'}`,
      status: result.status,
      ms: result.ms,
      ...(result.error ? { error: result.error } : {}),
    });
    sendJson(res, 200, { ok: !result.error, status: result.status, ms: result.ms, alarmName, ...(result.error ? { error: result.error } : {}) });
  }

  /** The bot's URL; when it cannot start, Slackbot says why (as Slack would say the app is unreachable). */
  async function botUrlOrSay(channel: SandboxChannel, threadTs?: string): Promise<string | undefined> {
    try {
      return await ctx.botUrlFor(channel);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      slackbotSays(channel, `The diagnose-502 app is not running, so it cannot answer: ${reason}`, threadTs);
      return undefined;
    }
  }

  /** A note from Slack itself, shown only to the person at the keyboard. */
  function slackbotSays(channel: SandboxChannel, text: string, threadTs?: string): void {
    const state = ctx.slack.state;
    state.add({
      channel: channel.id,
      ts: state.nextTs(),
      ...(threadTs ? { threadTs } : {}),
      user: 'USLACKBOT',
      text,
      ephemeralFor: SANDBOX_USER.id,
      edits: [],
      files: [],
      via: 'chat.postEphemeral',
      postedAt: state.isoNow(),
    });
  }

  function sendFile(res: ServerResponse, id: string): void {
    const file = ctx.slack.state.files.get(decodeURIComponent(id));
    if (!file?.bytes) {
      sendJson(res, 404, { ok: false, error: 'file not found' });
      return;
    }
    const type = /\.png$/i.test(file.name)
      ? 'image/png'
      : /\.jpe?g$/i.test(file.name)
        ? 'image/jpeg'
        : /\.gif$/i.test(file.name)
          ? 'image/gif'
          : 'text/plain; charset=utf-8';
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': type,
      'content-length': file.bytes.length,
      // Uploaded content is data, never a page: no scripts, whatever it contains.
      'content-security-policy': "default-src 'none'; img-src 'self'; sandbox",
      'cache-control': 'private, max-age=3600',
    });
    res.end(file.bytes);
  }
}

class BadRequest extends Error {}

function sendAsset(res: ServerResponse, asset: SandboxAsset | undefined, csp?: string): void {
  if (!asset) {
    sendJson(res, 404, { ok: false, error: 'not found' });
    return;
  }
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': asset.type,
    'content-length': asset.body.length,
    'cache-control': 'no-cache',
    ...(csp ? { 'content-security-policy': csp } : {}),
  });
  res.end(asset.body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new BadRequest('request too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new BadRequest('not valid JSON'));
      }
    });
    req.on('error', reject);
  });
}

const REGION_NAMES: Record<string, string> = {
  'us-east-1': 'US East (N. Virginia)',
  'us-east-2': 'US East (Ohio)',
  'us-west-2': 'US West (Oregon)',
  'eu-west-1': 'EU (Ireland)',
  'eu-central-1': 'EU (Frankfurt)',
};

function regionName(region: string): string {
  return REGION_NAMES[region] ?? region;
}
