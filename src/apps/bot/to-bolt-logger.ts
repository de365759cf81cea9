import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';

const FROM_BOLT: Record<LogLevel, string> = { [LogLevel.DEBUG]: 'debug', [LogLevel.INFO]: 'info', [LogLevel.WARN]: 'warn', [LogLevel.ERROR]: 'error' };

/** Bolt and the WebClient log through pino, so the bot writes one stream of JSON lines. */
export function toBoltLogger(logger: Logger): BoltLogger {
  let child = logger.child({ component: 'bolt' });
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...msg: unknown[]) => {
      const [first, ...rest] = msg;
      if (first instanceof Error) child[level]({ err: first }, rest.map(String).join(' ') || first.message);
      else child[level](msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' '));
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel(level: LogLevel) {
      child.level = FROM_BOLT[level] ?? 'info';
    },
    getLevel() {
      const level = child.level;
      return level === 'debug' || level === 'trace'
        ? LogLevel.DEBUG
        : level === 'warn'
          ? LogLevel.WARN
          : level === 'error' || level === 'fatal'
            ? LogLevel.ERROR
            : LogLevel.INFO;
    },
    setName(name: string) {
      child = logger.child({ component: name });
    },
  };
}
