import pino, { type Logger } from 'pino';
import type { LogLevelName } from '../config/read-env.ts';

/** The bot's one logger: JSON lines on stdout, tokens and signatures redacted wherever they appear. */
export function createLogger(level: LogLevelName = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      name: 'diagnose-502',
      level,
      redact: { paths: ['token', '*.token', 'headers.authorization', '*.headers.authorization', 'headers["x-slack-signature"]'], censor: '[redacted]' },
    },
    destination,
  );
}
