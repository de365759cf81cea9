/**
 * Runs the real bot in a child process (bot-child.ts) with an environment of its own. A process,
 * not a function call, because the AWS SDK reads AWS_ENDPOINT_URL and credentials from the
 * process environment: the simulated bot and a real-AWS bot cannot share one. It also keeps a bot
 * crash from taking the page down.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BotChildMessage, BotParentMessage } from './bot-child.ts';

const CHILD = fileURLToPath(new URL('./bot-child.ts', import.meta.url));
const START_TIMEOUT_MS = 60_000;

export interface BotProcessOptions {
  /** A name for log lines: "simulated" or "real-aws". */
  name: string;
  /** The whole environment of the child; nothing is inherited. */
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  /** Bot log entries below this pino level are not shown (default 40, warn). */
  minLevel?: number;
}

export type BotState = { status: 'starting' } | { status: 'ready'; url: string } | { status: 'failed'; message: string } | { status: 'stopped' };

export class BotProcess {
  private child: ChildProcess | undefined;
  private current: BotState = { status: 'stopped' };
  private starting: Promise<string> | undefined;

  constructor(private readonly options: BotProcessOptions) {}

  get state(): BotState {
    return this.current;
  }

  /** Starts the bot (once) and resolves with its base URL, e.g. http://127.0.0.1:41234. */
  start(): Promise<string> {
    this.starting ??= this.spawn().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  /** The bot's URL, waiting for a start or restart in progress. */
  url(): Promise<string> {
    return this.start();
  }

  /**
   * Makes the bot use an edited runbook by restarting it: the bot reads its runbook once at start.
   * Diagnoses live in its state database, so the restart resumes them and every button already
   * posted keeps working.
   */
  async reloadRunbook(): Promise<void> {
    await this.restart();
  }

  async restart(): Promise<string> {
    await this.stop();
    return this.start();
  }

  /** Kills the bot with SIGKILL, as a crash or an out-of-memory kill would: no clean shutdown. */
  async kill(): Promise<void> {
    const child = this.child;
    this.starting = undefined;
    this.child = undefined;
    this.current = { status: 'stopped' };
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.starting = undefined;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      this.current = { status: 'stopped' };
      return;
    }
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    if (child.connected) child.send({ type: 'close' } satisfies BotParentMessage);
    else child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    this.current = { status: 'stopped' };
  }

  private spawn(): Promise<string> {
    this.current = { status: 'starting' };
    const child = fork(CHILD, [], {
      env: this.options.env,
      // tsx runs the TypeScript sources as `npm start` does; resolved here so the cwd does not matter.
      execArgv: ['--import', import.meta.resolve('tsx')],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.child = child;
    this.forwardLogs(child);
    return new Promise<string>((resolve, reject) => {
      const fail = (message: string) => {
        clearTimeout(timer);
        this.current = { status: 'failed', message };
        reject(new Error(`the ${this.options.name} bot did not start: ${message}`));
      };
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        fail(`no answer within ${START_TIMEOUT_MS / 1000} s`);
      }, START_TIMEOUT_MS);
      child.on('message', (message: BotChildMessage) => {
        if (message.type === 'ready') {
          clearTimeout(timer);
          const url = `http://127.0.0.1:${message.port}`;
          this.current = { status: 'ready', url };
          resolve(url);
        } else if (message.type === 'failed') {
          fail(message.message);
        }
      });
      child.once('exit', (code, signal) => {
        if (this.current.status === 'starting') fail(`exited with ${signal ?? `code ${code}`}`);
        else if (this.child === child) {
          // Died after starting: the next request starts a fresh one.
          this.current = { status: 'failed', message: `the bot exited unexpectedly (${signal ?? `code ${code}`})` };
          this.child = undefined;
          this.starting = undefined;
          this.options.log(`[${this.options.name} bot] exited unexpectedly (${signal ?? `code ${code}`}); it restarts on the next request`);
        }
      });
    });
  }

  /** The bot logs JSON lines (pino); show them as short lines with the bot's name. */
  private forwardLogs(child: ChildProcess): void {
    const prefix = `[${this.options.name} bot]`;
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        const entry = summarizeLogLine(line);
        if (entry.level >= (this.options.minLevel ?? 40)) this.options.log(`${prefix} ${entry.text}`);
      }
    };
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);
  }
}

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/** A pino JSON line as "level: message (error)"; anything else (a crash trace) is shown as is. */
function summarizeLogLine(line: string): { level: number; text: string } {
  try {
    const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
    const level = entry.level ?? 30;
    return { level, text: `${LEVELS[level] ?? 'info'}: ${entry.msg ?? ''}${entry.err?.message ? ` (${entry.err.message})` : ''}` };
  } catch {
    return { level: 50, text: line };
  }
}
