/**
 * The bot's process in the sandbox: production's `startBot`, given an environment that points it
 * at the Slack stand-in and the simulated AWS account, and nothing else. It tells the sandbox its
 * port over IPC, and stops cleanly when asked or when the sandbox goes away.
 */
import { startBot, type RunningBot } from '../../apps/bot/start-bot.ts';

export type BotChildMessage = { type: 'ready'; port: number } | { type: 'failed'; message: string };

export type BotParentMessage = { type: 'close' };

const send = (message: BotChildMessage) => process.send?.(message);

let bot: RunningBot | undefined;
let stopping = false;

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await bot?.close().catch(() => undefined);
  }
  process.exit(code);
}

process.on('disconnect', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
// Ctrl+C reaches the whole process group; the sandbox decides when the bot stops (it sends
// `close`, or disconnects if it dies), so the bot is not cut off before the sandbox is.
process.on('SIGINT', () => undefined);
process.on('message', (message: BotParentMessage) => {
  if (message.type === 'close') void stop(0);
});

try {
  bot = await startBot(process.env);
  send({ type: 'ready', port: bot.port });
} catch (error) {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  await stop(1);
}
