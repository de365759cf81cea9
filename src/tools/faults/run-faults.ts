/**
 * The fault suite: the real bot, in a child process, against the local Slack Web API and the
 * simulated AWS account, with faults injected the way production meets them. It counts what was
 * held: every acknowledged request reaches a verdict in exactly one thread, nothing from AWS,
 * PagerDuty or a user reaches Slack as a live mention or link, and nobody outside the access rules
 * starts a diagnosis.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { signPagerDutyBody } from '../../adapters/pagerduty/verify-pagerduty-signature.ts';
import type { DiagnosisRecord } from '../../adapters/store/state-store.ts';
import { BotProcess } from '../sandbox/bot-process.ts';
import { countRawMentions } from './count-raw-mentions.ts';
import { ALLOWED_USER, type Delivered, FAULT_CHANNEL, type FaultWorld, startFaultWorld } from './fault-world.ts';
import { faultScenarios, HOSTILE_MARKERS, HOSTILE_TEXT } from './fault-scenarios.ts';

export interface FaultOptions {
  /** Diagnoses started while the bot is killed at random points. */
  killDiagnoses: number;
  /** Length of the Slack outage. */
  outageMs: number;
  hostileInputs: number;
  seed: number;
  log?: (line: string) => void;
}

export const FULL_RUN: FaultOptions = { killDiagnoses: 50, outageMs: 30_000, hostileInputs: 200, seed: 502 };
export const QUICK_RUN: FaultOptions = { killDiagnoses: 6, outageMs: 3_000, hostileInputs: 40, seed: 502 };

export interface FaultReport {
  sections: Array<{ name: string; injected: number; detail: string }>;
  injected: number;
  lost: number;
  duplicateThreads: number;
  rawMentions: number;
  unauthorizedStarts: number;
  /** Problems that are not counted above but make the run fail (e.g. a bad store started silently). */
  failures: string[];
  /** AWS calls answered AccessDenied, by operation (`LookupEvents`: 1): every denied source must appear. */
  deniedCalls: Record<string, number>;
}

const HOSTILE_CHANNEL = 'C0HOSTILE';
const HOSTILE_CONCURRENCY = 6;
const INTRUDER = 'U0MALLORY';

export async function runFaults(options: FaultOptions): Promise<FaultReport> {
  const log = options.log ?? (() => undefined);
  const random = seeded(options.seed);
  const { base, variants, hostile } = await faultScenarios();
  const report: FaultReport = { sections: [], injected: 0, lost: 0, duplicateThreads: 0, rawMentions: 0, unauthorizedStarts: 0, failures: [], deniedCalls: {} };
  const section = (name: string, injected: number, detail: string) => {
    report.sections.push({ name, injected, detail });
    report.injected += injected;
    log(`${name}: ${injected} injected · ${detail}`);
  };

  const world = await startFaultWorld({ scenarios: [base, ...variants.map((v) => v.scenario), hostile] });
  // Every command trigger sent to the controlled channel, and whether Slack saw it acknowledged.
  const triggers = new Map<string, boolean>();
  const command = async (text: string, retries = 3) => {
    const triggerId = `${Date.now()}.${Math.floor(random() * 1e9)}`;
    // Slack retries a delivery that failed or timed out (here at once, then a second apart).
    for (let attempt = 0; attempt <= retries; attempt += 1) {
      const res = await world.command(text, { triggerId, ...(attempt > 0 ? { retryNum: attempt } : {}) });
      if (!triggers.get(triggerId)) triggers.set(triggerId, res.status === 200);
      if (res.status === 200) return;
      await sleep(1_000);
    }
  };
  const apiOf = (scenario: { api: { id: string }; region: string }) => `${scenario.api.id} prod ${scenario.region}`;

  try {
    // 1. Slack answers 429 and 5xx in bursts on the methods a diagnosis uses.
    world.slack.rateLimit('chat.postMessage', { times: 3, retryAfterSeconds: 1 });
    world.slack.failNext('chat.update', { times: 3, status: 500 });
    world.slack.failNext('files.getUploadURLExternal', { times: 2, status: 502 });
    world.slack.failNext('files.completeUploadExternal', { times: 2, status: 500 });
    await Promise.all([0, 1, 2].map(() => command(apiOf(base))));
    log('slack-bursts: 429 ×3 on chat.postMessage, 5xx ×3 on chat.update, ×4 on file uploads (counted once the bot has met them)');

    // 2. Slack is down altogether; commands arrive (Slack's edge still delivers them) meanwhile,
    //    and so does a paged incident, whose thread must open once Slack is back (issue 11, finding 4).
    world.slack.outage(options.outageMs);
    const pagedInOutage = world.pagerDutyIncident('ALARM: orders-api 5XXError during a Slack outage', 4141);
    const [paged] = await Promise.all([world.deliverPagerDuty(pagedInOutage), ...[0, 1].map(() => command(apiOf(base)))]);
    // A delivery the bot did not take, PagerDuty sends again; one it took must not be lost.
    const pagedIncidents = answered(paged as Delivered) ? [pagedInOutage.incidentId] : [];
    await sleep(options.outageMs);
    log(`slack-outage: every Web API call fails for ${options.outageMs / 1000} s (counted once the bot has met it)`);

    // 3. AWS throttles every service, and denies each evidence source in turn.
    for (const variant of variants) await command(apiOf(variant.scenario));
    log(`aws-faults: ${variants.map((v) => v.fault).join('; ')} (counted once the bot has met them)`);

    // 4. The bot is killed with SIGKILL at random points while diagnoses run, and restarted.
    let kills = 0;
    let sending = true;
    // At least once, even when every command got through before the first pause ended: the
    // diagnoses they started are still running then.
    const killer = (async () => {
      while (sending || kills === 0) {
        await sleep(400 + random() * 1_600);
        if (!sending && kills > 0) break;
        await world.bot.kill();
        kills += 1;
        await world.bot.start().catch(() => undefined);
      }
    })();
    const started: Promise<void>[] = [];
    for (let i = 0; i < options.killDiagnoses; i += 1) {
      // Sent again until the bot takes it, as someone whose command timed out runs it again:
      // every one of these diagnoses then meets the kills.
      started.push(command(apiOf(base), 30));
      await sleep(100 + random() * 300);
    }
    await Promise.all(started);
    sending = false;
    await killer;
    await world.bot.start();
    section('kill-restart', kills, `${options.killDiagnoses} diagnoses, SIGKILL ${kills} times at random points`);

    // 5. Duplicate and out-of-order deliveries: a command and its retry at once, a PagerDuty
    //    incident three times, its resolution before its trigger, and one button pressed twice.
    //    Counted: the deliveries beyond the first of each, and the early resolution, that the bot took.
    const dupTrigger = `dup.${Date.now()}`;
    const dupCommands = await Promise.all([
      world.command(apiOf(base), { triggerId: dupTrigger }),
      world.command(apiOf(base), { triggerId: dupTrigger, retryNum: 1 }),
    ]);
    triggers.set(dupTrigger, dupCommands.some(answered));
    const incident = world.pagerDutyIncident('ALARM: orders-api 5XXError', 4242);
    const resolvedFirst = world.pagerDutyIncident('ALARM: orders-api 5XXError (resolved)', 4343);
    const early = await world.deliverPagerDuty(asEventType(resolvedFirst.body, 'incident.resolved'));
    const incidentDeliveries = await Promise.all([world.deliverPagerDuty(incident), world.deliverPagerDuty(incident), world.deliverPagerDuty(incident)]);
    pagedIncidents.push(incident.incidentId);
    await world.deliverPagerDuty(resolvedFirst);
    const extra = (answers: Delivered[]) => Math.max(0, answers.filter(answered).length - 1);
    section(
      'duplicates',
      extra(dupCommands) + extra(incidentDeliveries) + (answered(early) ? 1 : 0),
      `command + retry at once (${statuses(dupCommands)}), one incident delivered 3× (${statuses(incidentDeliveries)}), a resolution before its trigger (${statuses([early])})`,
    );

    // Everything started so far settles before the hostile inputs run.
    await settle(world, () => expectedRecords(triggers) + 1, pagedIncidents, 120_000 + options.outageMs);
    const pressed = await pressTwice(world);
    section('double-press', Math.max(0, pressed - 1), 'the same Re-check button pressed twice at once');

    // 6. Hostile inputs: command text, button values and PagerDuty payloads, from an allowed user
    //    and from someone outside the access rules; the hostile account's AWS data is diagnosed too.
    const hostileRuns = await hostileInputs(world, options.hostileInputs, options.seed);
    const hostileAccount = reached(await world.command(apiOf(hostile), { channel: HOSTILE_CHANNEL })) ? 1 : 0;
    section(
      'hostile-inputs',
      hostileRuns + hostileAccount,
      `${hostileRuns} generated inputs delivered, and an account whose names and logs carry Slack control sequences`,
    );
    await settle(world, () => expectedRecords(triggers) + 1, pagedIncidents, 120_000, hostile.api.id);

    // What the Slack and AWS stand-ins actually answered with a fault, now that the bot has met them all.
    const slackFaults = world.slack.calls.filter((c) => c.status === 429 || c.status >= 500);
    const outageFaults = slackFaults.filter((c) => c.method.startsWith('/')).length;
    section('slack-bursts', slackFaults.length - outageFaults, 'Web API calls answered 429 or 5xx in bursts');
    section('slack-outage', outageFaults, `Web API calls answered 503 during the ${options.outageMs / 1000} s outage`);
    const throttled = world.sim.calls.filter((c) => /throttl|toomanyrequests/i.test(c.error ?? '')).length;
    const denied = world.sim.calls.filter((c) => /accessdenied/i.test(c.error ?? ''));
    const deniedBy = new Map<string, number>();
    for (const c of denied) deniedBy.set(c.operation, (deniedBy.get(c.operation) ?? 0) + 1);
    const deniedDetail = [...deniedBy].map(([operation, n]) => `${operation} ×${n}`).join(', ');
    report.deniedCalls = Object.fromEntries(deniedBy);
    section('aws-faults', throttled + denied.length, `${throttled} AWS calls throttled, ${denied.length} denied (${deniedDetail})`);

    const records = await world.records();
    const controlled = records.filter((r) => r.channel === FAULT_CHANNEL);
    const finished = controlled.filter((r) => verdictPosted(world, r));
    const acknowledged = [...triggers.values()].filter(Boolean).length;
    const fromCommands = controlled.filter((r) => r.requestedBy !== 'PagerDuty');
    const fromPagerDuty = controlled.filter((r) => r.requestedBy === 'PagerDuty');
    const incidents = new Set(fromPagerDuty.flatMap((r) => (r.incidents ?? []).map((i) => i.id)));
    // Lost: a diagnosis that never showed its verdict, an acknowledged command with no diagnosis,
    // or a paged incident with no thread. (The incident resolved before its trigger may or may
    // not get a thread; either is right, one thread at most.)
    report.lost =
      controlled.length - finished.length + Math.max(0, acknowledged - fromCommands.length) + pagedIncidents.filter((id) => !incidents.has(id)).length;
    report.duplicateThreads =
      Math.max(0, fromCommands.length - triggers.size) +
      Math.max(0, fromPagerDuty.length - incidents.size) +
      Math.max(0, world.parents().length - controlled.length);
    report.unauthorizedStarts = records.filter((r) => r.requestedBy !== ALLOWED_USER && r.requestedBy !== 'PagerDuty').length;
    report.rawMentions = rawMentions(world);
    if (process.env['FAULTS_VERBOSE'])
      for (const p of world.parents()) log(`PARENT ${p.ts} ${p.text.slice(0, 90)} | ${controlled.find((r) => r.parentTs === p.ts)?.id ?? 'NO RECORD'}`);
    log(
      `settled: ${finished.length}/${controlled.length} diagnoses with a verdict, ${world.parents().length} threads, ${acknowledged}/${triggers.size} commands acknowledged`,
    );
  } finally {
    await world.close();
  }

  // 7. A state database the bot cannot use stops it with a message naming STATE_DB.
  const stateFailures = await badStateDatabases();
  section('state-db', stateFailures.injected, stateFailures.detail);
  report.failures.push(...stateFailures.failures);
  report.lost += stateFailures.failures.length;
  return report;
}

export function summaryLine(report: FaultReport): string {
  return `faults: ${report.injected} injected · diagnoses lost ${report.lost} · duplicate threads ${report.duplicateThreads} · raw mentions ${report.rawMentions} · unauthorized starts ${report.unauthorizedStarts}`;
}

function expectedRecords(triggers: Map<string, boolean>): number {
  return [...triggers.values()].filter(Boolean).length;
}

/**
 * Waits until the controlled channel holds `expected()` diagnoses that all show a verdict, and
 * every paged incident is in one of them.
 */
async function settle(world: FaultWorld, expected: () => number, paged: readonly string[], timeoutMs: number, alsoApi?: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const records = await world.records();
    const controlled = records.filter((r) => r.channel === FAULT_CHANNEL);
    const other = alsoApi ? records.filter((r) => r.ref.apiId === alsoApi) : [];
    const otherDone = !alsoApi || (other.length > 0 && other.every((r) => verdictPosted(world, r)));
    const incidents = new Set(controlled.flatMap((r) => (r.incidents ?? []).map((i) => i.id)));
    const pagedDone = paged.every((id) => incidents.has(id));
    if (controlled.length >= expected() && controlled.every((r) => verdictPosted(world, r)) && otherDone && pagedDone) return;
    await sleep(500);
  }
}

function verdictPosted(world: FaultWorld, record: DiagnosisRecord): boolean {
  const ts = record.messages['verdict'];
  return ts !== undefined && world.slack.state.messages(record.channel).some((m) => m.ts === ts);
}

function rawMentions(world: FaultWorld): number {
  const found = countRawMentions(world.slack.state.messages(), HOSTILE_MARKERS);
  if (process.env['FAULTS_VERBOSE']) for (const sample of found.samples) process.stdout.write(`RAW …${sample}\n`);
  return found.count;
}

async function pressTwice(world: FaultWorld): Promise<number> {
  const parent = world.parents()[0];
  if (!parent) return 0;
  const thread = world.slack.state.messages(FAULT_CHANNEL).filter((m) => m.threadTs === parent.ts);
  for (const message of thread) {
    const button = buttonsOf(message).find((b) => /recheck/i.test(b.action_id));
    if (!button) continue;
    const body = blockActions(message, button, ALLOWED_USER, world);
    const answers = await Promise.all([world.deliverSlack(body), world.deliverSlack(body)]);
    return answers.filter(answered).length;
  }
  return 0;
}

async function hostileInputs(world: FaultWorld, count: number, seed: number): Promise<number> {
  const fragment = fc.constantFrom(
    ...HOSTILE_MARKERS,
    HOSTILE_TEXT,
    '$(rm -rf /)',
    '`id`',
    '; cat /etc/passwd',
    '\u001b[31m',
    '\u009b2J',
    '\u0000',
    'k7x2m9q4ta',
    'prod',
    'scan',
  );
  const text = fc.array(fc.oneof(fragment, fc.string({ maxLength: 20 })), { maxLength: 6 }).map((parts) => parts.join(' '));
  const samples = fc.sample(fc.tuple(text, fc.boolean(), fc.constantFrom('command', 'button', 'pagerduty')), { numRuns: count, seed });
  const parent = world.parents()[0];
  let delivered = 0;
  // A few at a time, as a busy workspace sends them.
  await inPool(samples, HOSTILE_CONCURRENCY, async ([input, intruder, kind]) => {
    const user = intruder ? INTRUDER : ALLOWED_USER;
    let answer: Delivered;
    if (kind === 'command') answer = await world.command(input, { user, channel: HOSTILE_CHANNEL });
    else if (kind === 'button' && parent) {
      const forged = { action_id: 'recheck', value: input, text: 'Re-check' };
      answer = await world.deliverSlack(blockActions(parent, forged, user, world));
    } else {
      const body = JSON.stringify({
        event: { id: input.slice(0, 40), event_type: 'incident.triggered', occurred_at: new Date().toISOString(), data: { title: input } },
      });
      answer = await world.deliverPagerDuty({
        body,
        headers: { 'content-type': 'application/json', 'x-pagerduty-signature': signPagerDutyBody(body, 'fault-suite-pagerduty-secret') },
        incidentId: 'X',
      });
    }
    if (reached(answer)) delivered += 1;
  });
  // The one intruder request that is otherwise perfectly valid.
  if (reached(await world.command('k7x2m9q4ta prod', { user: INTRUDER, channel: HOSTILE_CHANNEL }))) delivered += 1;
  return delivered;
}

/** Taken by the bot (2xx): a delivery Slack or PagerDuty would not send again. */
function answered(delivery: Delivered): boolean {
  return delivery.status >= 200 && delivery.status < 300;
}

/** The HTTP statuses the bot answered, for the report (0: it was down). */
function statuses(deliveries: Delivered[]): string {
  return deliveries.map((d) => d.status).join(', ');
}

/** Reached the bot, whatever it answered (a refusal included); 0 is a bot that was down. */
function reached(delivery: Delivered): boolean {
  return delivery.status !== 0;
}

async function badStateDatabases(): Promise<{ injected: number; detail: string; failures: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'd502-statedb-'));
  const failures: string[] = [];
  const cases: Array<{ name: string; prepare: () => Promise<string>; cleanup?: (path: string) => void }> = [
    {
      name: 'corrupt',
      prepare: async () => {
        const path = join(dir, 'corrupt.sqlite');
        await writeFile(path, Buffer.from('this is not a database, it was overwritten by accident'.repeat(200)));
        return path;
      },
    },
    {
      name: 'unwritable',
      prepare: async () => {
        // A path below a regular file can never be created, whoever runs the bot (root included).
        await writeFile(join(dir, 'not-a-directory'), 'x');
        return join(dir, 'not-a-directory', 'state.sqlite');
      },
    },
  ];
  if (immutableSupported(dir)) {
    cases.push({
      name: 'read-only',
      prepare: async () => {
        const path = join(dir, 'readonly.sqlite');
        await writeFile(path, '');
        execFileSync('chattr', ['+i', path]);
        return path;
      },
      cleanup: (path) => execFileSync('chattr', ['-i', path]),
    });
  }
  // Each bot starts (and should stop) on its own; they run side by side.
  const check = async (c: (typeof cases)[number]) => {
    const path = await c.prepare();
    const bot = new BotProcess({
      name: `state-db-${c.name}`,
      log: () => undefined,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? dir,
        SLACK_BOT_TOKEN: 'xoxb-state-db',
        SLACK_SIGNING_SECRET: 'state-db-secret',
        SLACK_API_URL: 'http://127.0.0.1:9/api/',
        PORT: '0',
        STATE_DB: path,
        AWS_REGION: 'us-east-1',
        LOG_LEVEL: 'fatal',
      },
    });
    try {
      await bot.start();
      failures.push(`a ${c.name} STATE_DB started the bot (silently empty or unusable store)`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!/STATE_DB/.test(message)) failures.push(`a ${c.name} STATE_DB stopped the bot without naming STATE_DB: ${message}`);
    } finally {
      await bot.stop().catch(() => undefined);
      c.cleanup?.(path);
    }
  };
  await Promise.all(cases.map(check));
  await rm(dir, { recursive: true, force: true });
  return { injected: cases.length, detail: `${cases.map((c) => c.name).join(', ')} state database`, failures };
}

function immutableSupported(dir: string): boolean {
  try {
    const probe = join(dir, 'probe');
    execFileSync('sh', ['-c', `: > '${probe}' && chattr +i '${probe}' && chattr -i '${probe}'`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function asEventType(body: string, eventType: string): { body: string; headers: Record<string, string>; incidentId: string } {
  const envelope = JSON.parse(body) as { event: { id: string; event_type: string } };
  envelope.event.event_type = eventType;
  envelope.event.id = `${envelope.event.id.slice(0, 20)}RESOLV`;
  const text = JSON.stringify(envelope);
  return {
    body: text,
    headers: { 'content-type': 'application/json', 'x-pagerduty-signature': signPagerDutyBody(text, 'fault-suite-pagerduty-secret') },
    incidentId: 'X',
  };
}

interface Button {
  action_id: string;
  value: string;
  text: string;
}

function buttonsOf(message: { blocks?: unknown[] }): Button[] {
  const found: Button[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const el = value as { type?: string; action_id?: string; value?: string; text?: { text?: string } };
      if (el.type === 'button' && el.action_id) found.push({ action_id: el.action_id, value: el.value ?? '', text: el.text?.text ?? '' });
      Object.values(value).forEach(walk);
    }
  };
  walk(message.blocks ?? []);
  return found;
}

function blockActions(message: { channel: string; ts: string; threadTs?: string }, button: Button, user: string, world: FaultWorld): string {
  const payload = {
    type: 'block_actions',
    team: { id: 'T0FAULTS', domain: 'faults' },
    user: { id: user, username: user.toLowerCase(), team_id: 'T0FAULTS' },
    api_app_id: 'A0FAULTS',
    token: 'fault-suite',
    trigger_id: `${Date.now()}.press`,
    channel: { id: message.channel, name: 'incidents' },
    container: {
      type: 'message',
      message_ts: message.ts,
      channel_id: message.channel,
      is_ephemeral: false,
      ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
    },
    message: { type: 'message', ts: message.ts, ...(message.threadTs ? { thread_ts: message.threadTs } : {}), text: '' },
    response_url: world.slack.responseUrl(message.channel, user),
    actions: [
      {
        type: 'button',
        action_id: button.action_id,
        block_id: 'b',
        value: button.value,
        text: { type: 'plain_text', text: button.text },
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Runs `work` on every item, at most `size` at once. */
async function inPool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, lane));
}

/** Deterministic choices for a reproducible run (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
