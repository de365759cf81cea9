/**
 * `npm start`: the Slack bot when any Slack setting is present, otherwise the local sandbox, which
 * runs the same bot against a simulated Slack workspace and AWS account and needs no credentials.
 * Half a Slack setup goes to the bot, whose settings reader names what is missing: starting the
 * sandbox instead would hide the mistake.
 */
const SLACK_SETTINGS = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN'] as const;
const slackConfigured = SLACK_SETTINGS.some((name) => Boolean(process.env[name]?.trim()));

async function main(): Promise<() => Promise<void>> {
  if (slackConfigured) {
    const { startBot } = await import('./apps/bot/start-bot.ts');
    const bot = await startBot(process.env);
    process.stdout.write(
      `diagnose-502 bot running (${bot.mode === 'socket' ? 'Socket Mode' : `HTTP on port ${bot.port}: POST /slack/events, GET /healthz`})\n`,
    );
    return () => bot.close();
  }
  const { startSandbox } = await import('./tools/sandbox/start-sandbox.ts');
  const sandbox = await startSandbox();
  const example = sandbox.scenarios.find((s) => s.id === 'timeout') ?? sandbox.scenarios[0];
  process.stdout.write(
    [
      '',
      `  diagnose-502 sandbox: open ${sandbox.url}`,
      '',
      '  No Slack or AWS account needed: the real bot runs against a simulated workspace and account.',
      `  Try: /diagnose-502 ${example?.apiId ?? '<api-id>'} ${example?.stage ?? 'prod'}   (every scenario is listed on the page)`,
      '  Set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to run the bot for a real workspace instead.',
      '',
    ].join('\n'),
  );
  return () => sandbox.close();
}

try {
  const close = await main();
  let closing = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (closing) process.exit(1);
      closing = true;
      void close().then(() => process.exit(0));
    });
  }
} catch (error) {
  process.stderr.write(`diagnose-502: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
