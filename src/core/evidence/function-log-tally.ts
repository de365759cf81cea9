import type { FunctionErrorGroup, FunctionLogFinding, LogSample } from './types.ts';

/** What one Lambda log line says happened to its invocation. */
export type FunctionFailureKind = 'timeout' | 'out-of-memory' | 'init' | 'error';

/** When one invocation logs several failures, the earliest in this list is what happened to it. */
const PRECEDENCE: readonly FunctionFailureKind[] = ['timeout', 'out-of-memory', 'init', 'error'];

const MAX_SAMPLES = 3;
const MAX_SAMPLE_CHARS = 500;
const MAX_ERROR_GROUPS = 5;

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i;

export interface FunctionLogLine {
  kind: FunctionFailureKind | 'report';
  requestId?: string;
  timedOutAfterSeconds?: number;
  durationMs?: number;
  memorySizeMb?: number;
  maxMemoryUsedMb?: number;
  error?: { errorType: string; errorMessage: string; frame?: string };
}

/**
 * Reads one line of a function's own log group (/aws/lambda/<name>) and says what it reports: a
 * timeout, an out-of-memory kill, an init failure, an unhandled error, or a plain REPORT line
 * (kept for its duration and memory figures). Null for anything else.
 *
 * @example readFunctionLogLine('2026-03-04T10:00:00Z 8f1c… Task timed out after 6.00 seconds') // { kind: 'timeout', timedOutAfterSeconds: 6, … }
 */
export function readFunctionLogLine(message: string): FunctionLogLine | null {
  const requestId = UUID.exec(message)?.[0];
  const base = requestId ? { requestId } : {};
  const report = /^\s*REPORT\b/.test(message) || /\bREPORT RequestId:/.test(message) ? readReport(message) : undefined;

  const timedOut = /Task timed out after (\d+(?:\.\d+)?) seconds/.exec(message);
  if (timedOut || /Status: timeout|Sandbox\.Timedout/.test(message)) {
    return { kind: 'timeout', ...base, ...(timedOut ? { timedOutAfterSeconds: Number(timedOut[1]) } : {}), ...report };
  }
  if (/signal: killed|Runtime\.OutOfMemory|OutOfMemoryError|JavaScript heap out of memory|MemoryError\b/.test(message)) {
    return { kind: 'out-of-memory', ...base, ...report };
  }
  if (report && report.memorySizeMb !== undefined && report.maxMemoryUsedMb !== undefined && report.maxMemoryUsedMb >= report.memorySizeMb) {
    return { kind: 'out-of-memory', ...base, ...report };
  }
  if (/INIT_REPORT.*Status: error|Runtime\.ImportModuleError|Runtime\.HandlerNotFound|Runtime\.UserCodeSyntaxError|Init error|INIT_FAILURE/.test(message)) {
    const error = readError(message);
    return { kind: 'init', ...base, ...(error ? { error } : {}), ...report };
  }
  if (report) {
    const error = report.status === 'error' ? readError(message) : undefined;
    return { kind: report.status === 'error' ? 'error' : 'report', ...base, ...report, ...(error ? { error } : {}) };
  }
  const error = readError(message);
  if (error) return { kind: 'error', ...base, error };
  return null;
}

function readReport(message: string): Omit<FunctionLogLine, 'kind'> & { status?: string } {
  const number = (re: RegExp) => {
    const m = re.exec(message);
    return m ? Number(m[1]) : undefined;
  };
  const out: Omit<FunctionLogLine, 'kind'> & { status?: string } = {};
  const duration = number(/\bDuration: (\d+(?:\.\d+)?) ms/);
  const size = number(/Memory Size: (\d+) MB/);
  const used = number(/Max Memory Used: (\d+) MB/);
  const status = /Status: (\w+)/.exec(message)?.[1];
  if (duration !== undefined) out.durationMs = duration;
  if (size !== undefined) out.memorySizeMb = size;
  if (used !== undefined) out.maxMemoryUsedMb = used;
  if (status) out.status = status;
  return out;
}

/** Node's `{"errorType":…}` records, Python's `[ERROR] Type: message`, and `Error Type:` in REPORT lines. */
function readError(message: string): FunctionLogLine['error'] | undefined {
  const json = /\{"errorType".*\}|\{\s*"errorMessage".*\}/s.exec(message)?.[0];
  if (json) {
    try {
      const parsed = JSON.parse(json) as { errorType?: unknown; errorMessage?: unknown; stack?: unknown; stackTrace?: unknown };
      const stack = Array.isArray(parsed.stack) ? parsed.stack : Array.isArray(parsed.stackTrace) ? parsed.stackTrace : [];
      const frame = stack.map(String).find((l) => /^\s*at\s|File "/.test(l));
      return {
        errorType: String(parsed.errorType ?? 'Error'),
        errorMessage: String(parsed.errorMessage ?? ''),
        ...(frame ? { frame: frame.trim() } : {}),
      };
    } catch {
      const type = /"errorType"\s*:\s*"([^"]+)"/.exec(json)?.[1];
      const msg = /"errorMessage"\s*:\s*"([^"]*)"/.exec(json)?.[1];
      if (type) return { errorType: type, errorMessage: msg ?? '' };
    }
  }
  const python = /\[ERROR\]\s+([A-Za-z_][\w.]*(?:Error|Exception|Exit\w*)):\s*([^\n]*)/.exec(message);
  if (python) {
    const frame = /File "[^"]+", line \d+, in \S+/.exec(message)?.[0];
    return { errorType: python[1]!, errorMessage: python[2]!.trim(), ...(frame ? { frame } : {}) };
  }
  const reported = /Error Type: ([\w.]+)/.exec(message);
  if (reported) return { errorType: reported[1]!, errorMessage: '' };
  return undefined;
}

/**
 * Adds up a function's failure lines so that one invocation counts once, as what happened to it:
 * a function that times out logs "Task timed out" and a REPORT with Status: timeout, and perhaps
 * an error record too, and is one timeout, not a timeout and a crash.
 */
export class FunctionLogTally {
  private readonly byRequest = new Map<string, Set<FunctionFailureKind>>();
  private readonly anonymous: FunctionFailureKind[] = [];
  private readonly errors = new Map<string, FunctionErrorGroup>();
  private readonly errorRequests = new Map<string, string>();
  private readonly samples = new Map<FunctionFailureKind, LogSample>();
  private timedOutAfterSeconds?: number;
  private maxDurationMs?: number;
  private memorySizeMb?: number;
  private maxMemoryUsedMb?: number;

  add(message: string, timestamp: string): void {
    const line = readFunctionLogLine(message);
    if (!line) return;
    if (line.durationMs !== undefined && line.kind !== 'report') this.maxDurationMs = Math.max(this.maxDurationMs ?? 0, line.durationMs);
    if (line.memorySizeMb !== undefined) this.memorySizeMb = line.memorySizeMb;
    if (line.maxMemoryUsedMb !== undefined) this.maxMemoryUsedMb = Math.max(this.maxMemoryUsedMb ?? 0, line.maxMemoryUsedMb);
    if (line.timedOutAfterSeconds !== undefined) this.timedOutAfterSeconds = line.timedOutAfterSeconds;
    if (line.kind === 'report') return;
    if (!this.samples.has(line.kind)) this.samples.set(line.kind, trim({ timestamp, message, ...(line.requestId ? { requestId: line.requestId } : {}) }));
    if (line.requestId) {
      const kinds = this.byRequest.get(line.requestId) ?? new Set();
      kinds.add(line.kind);
      this.byRequest.set(line.requestId, kinds);
    } else {
      this.anonymous.push(line.kind);
    }
    if (line.error && line.kind === 'error') {
      const key = `${line.error.errorType}\u0000${line.error.errorMessage}`;
      const group = this.errors.get(key) ?? { ...line.error, count: 0 };
      if (!group.frame && line.error.frame) group.frame = line.error.frame;
      this.errors.set(key, group);
      if (line.requestId) {
        // Counted once the request's own outcome is known (a timed-out request is not an error).
        if (!this.errorRequests.has(line.requestId)) this.errorRequests.set(line.requestId, key);
      } else {
        group.count++;
      }
    }
  }

  finish(base: Pick<FunctionLogFinding, 'functionName' | 'qualifier' | 'logGroup' | 'scanned'>): FunctionLogFinding {
    const counts: Record<FunctionFailureKind, number> = { timeout: 0, 'out-of-memory': 0, init: 0, error: 0 };
    for (const [requestId, kinds] of this.byRequest) {
      const outcome = PRECEDENCE.find((k) => kinds.has(k))!;
      counts[outcome]++;
      const errorKey = this.errorRequests.get(requestId);
      if (outcome === 'error' && errorKey) this.errors.get(errorKey)!.count++;
    }
    // Lines without a request id cannot be tied to an invocation; each counts as one.
    for (const kind of this.anonymous) counts[kind]++;
    const errors = [...this.errors.values()]
      .filter((g) => g.count > 0)
      .sort((a, b) => b.count - a.count)
      .slice(0, MAX_ERROR_GROUPS);
    const samples = PRECEDENCE.flatMap((k) => (this.samples.has(k) && counts[k] > 0 ? [this.samples.get(k)!] : [])).slice(0, MAX_SAMPLES);
    return {
      ...base,
      timeouts: counts.timeout,
      outOfMemory: counts['out-of-memory'],
      initFailures: counts.init,
      errors,
      samples,
      ...(this.timedOutAfterSeconds !== undefined ? { timedOutAfterSeconds: this.timedOutAfterSeconds } : {}),
      ...(this.maxDurationMs !== undefined ? { maxDurationMs: this.maxDurationMs } : {}),
      ...(this.memorySizeMb !== undefined ? { memorySizeMb: this.memorySizeMb } : {}),
      ...(this.maxMemoryUsedMb !== undefined ? { maxMemoryUsedMb: this.maxMemoryUsedMb } : {}),
    };
  }
}

function trim(sample: LogSample): LogSample {
  const message = sample.message.trim();
  return { ...sample, message: message.length > MAX_SAMPLE_CHARS ? `${message.slice(0, MAX_SAMPLE_CHARS - 1)}…` : message };
}
