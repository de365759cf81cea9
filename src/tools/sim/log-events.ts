import { hexToBase64 } from './base64.ts';
import type { LogEntrySpec, Scenario } from './scenario-schema.ts';
import type { LogGroup } from './sim-world.ts';
import { digitsFor, hexFor, randomFor, uuidFor } from './seeded-random.ts';

/**
 * Turns a log group's templates into concrete CloudWatch Logs events for one instant (`anchorMs`).
 * Each template entry is N requests spread over its minutes; each request gets its own ids,
 * latency and timestamps, all seeded so the same anchor always gives the same events. Events
 * that would lie after the anchor have not happened yet and are left out.
 */

export interface SimLogEvent {
  logStreamName: string;
  timestamp: number;
  message: string;
  ingestionTime: number;
  eventId: string;
}

const MINUTE = 60_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function materializeLogEvents(group: LogGroup, anchorMs: number): SimLogEvent[] {
  const events: SimLogEvent[] = [];
  for (const { entry, index } of group.entries) events.push(...entryEvents(group, entry, index, anchorMs));
  // Stable sort keeps each request's lines in the order they were written.
  return events.sort((a, b) => a.timestamp - b.timestamp);
}

function entryEvents(group: LogGroup, entry: LogEntrySpec, index: number, anchorMs: number): SimLogEvent[] {
  const s = group.scenario;
  const seed = [s.seed, s.id, 'logs', index];
  const minuteStart = Math.floor(anchorMs / MINUTE) * MINUTE;
  const start = minuteStart + entry.from * MINUTE;
  const span = (entry.to - entry.from + 1) * MINUTE;
  const out: SimLogEvent[] = [];
  for (let i = 0; i < entry.count; i++) {
    const requestStart = Math.floor(start + ((i + randomFor(...seed, 'at', i)) * span) / entry.count);
    if (requestStart > anchorMs) break;
    const vars = requestVariables(s, entry, seed, i, requestStart);
    const stream = streamName(group, s, entry.streams, seed, i, requestStart);
    const lines = entry.lines ?? [JSON.stringify(fillJson(entry.json ?? {}, vars))];
    let t = requestStart;
    lines.forEach((line, lineIndex) => {
      const text = typeof line === 'string' ? line : line.text;
      if (lineIndex > 0) t += typeof line === 'string' ? 1 + Math.floor(randomFor(...seed, 'gap', i, lineIndex) * 4) : line.afterMs;
      if (t > anchorMs) return;
      let message = entry.json ? text : fill(text, vars);
      if (group.kind === 'execution' && !message.startsWith('(')) message = `(${vars.requestId}) ${message}`;
      out.push({
        logStreamName: stream,
        timestamp: t,
        message,
        ingestionTime: Math.min(anchorMs, t + 150 + Math.floor(randomFor(...seed, 'ingest', i, lineIndex) * 800)),
        eventId: digitsFor(56, ...seed, 'event', i, lineIndex),
      });
    });
  }
  return out;
}

function requestVariables(s: Scenario, entry: LogEntrySpec, seed: Array<string | number>, i: number, at: number): Record<string, string> {
  const range = entry.latencyMs === undefined ? [20, 120] : typeof entry.latencyMs === 'number' ? [entry.latencyMs, entry.latencyMs] : entry.latencyMs;
  const [low = 0, high = low] = range;
  const latency = Math.round(low + (high - low) * randomFor(...seed, 'latency', i));
  const date = new Date(at);
  return {
    requestId: uuidFor(...seed, 'request', i),
    extendedRequestId: `${hexToBase64(hexFor(20, ...seed, 'ext', i)).slice(0, 14)}=`,
    lambdaRequestId: uuidFor(...seed, 'lambda', i),
    n: String(i + 1),
    latency: String(latency),
    ip: `203.0.113.${1 + Math.floor(randomFor(s.seed, s.id, 'ip', i % 37) * 254)}`,
    requestTime: clfTime(date),
    epochMs: String(at),
    isoTime: date.toISOString(),
  };
}

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => vars[name] ?? whole);
}

function fillJson(json: Record<string, string | number | boolean | null>, vars: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, typeof v === 'string' ? fill(v, vars) : v]));
}

/** API Gateway's $context.requestTime format, e.g. 22/Nov/2026:04:31:54 +0000. */
function clfTime(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

function streamName(group: LogGroup, s: Scenario, streams: number, seed: Array<string | number>, i: number, at: number): string {
  const which = Math.floor(randomFor(...seed, 'stream', i) * streams);
  const hex = hexFor(32, s.id, group.name, 'stream', which);
  if (group.kind !== 'lambda') return hex;
  const d = new Date(at);
  const day = `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}`;
  return `${day}/[$LATEST]${hex}`;
}
