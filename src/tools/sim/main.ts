import { DiagnoseError } from '../../core/errors/diagnose-error.ts';
import { startSimulatedAws } from './start-simulated-aws.ts';

/**
 * `npm run sim`: serves the scenarios on SIM_PORT (default 4566) until interrupted and prints
 * what to export so that diagnose-502, the AWS CLI or any SDK talks to it instead of AWS.
 * SIM_SCENARIOS picks another scenario directory; SIM_LATENCY_MS slows every answer down.
 */

async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const port = Number(env.SIM_PORT ?? 4566);
  const latencyMs = Number(env.SIM_LATENCY_MS ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`SIM_PORT must be a port number, got "${env.SIM_PORT}"`);
  if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new Error(`SIM_LATENCY_MS must be a number of milliseconds, got "${env.SIM_LATENCY_MS}"`);

  const sim = await startSimulatedAws({ port, host: env.SIM_HOST, scenarioDir: env.SIM_SCENARIOS, latencyMs });
  const regions = [...new Set(sim.scenarios.map((s) => s.region))];
  const lines = [
    `Simulated AWS listening on ${sim.url}`,
    '',
    'Point diagnose-502 (or the AWS CLI) at it:',
    `  export AWS_ENDPOINT_URL=${sim.url}`,
    `  export AWS_REGION=${regions[0] ?? 'us-east-1'} AWS_ACCESS_KEY_ID=sim AWS_SECRET_ACCESS_KEY=sim`,
    'Use a scenario id as AWS_ACCESS_KEY_ID to see that scenario alone (and its account-wide denials).',
    '',
    'Scenarios:',
    ...table([
      ['ID', 'API ID', 'TYPE', 'STAGE', 'EXPECTED', 'TITLE'],
      ...sim.scenarios.map((s) => [s.id, s.api.id, s.api.type, s.metrics.stage ?? s.api.stages[0]?.name ?? '', s.expectedCause, s.title]),
    ]).map((l) => `  ${l}`),
    '',
    'Press Ctrl+C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  const stop = () => {
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '));
}

main().catch((error: unknown) => {
  const message = error instanceof DiagnoseError || error instanceof Error ? error.message : String(error);
  const inUse = (error as { code?: string }).code === 'EADDRINUSE';
  process.stderr.write(`sim: ${inUse ? `port already in use (${message}); set SIM_PORT to another port` : message}\n`);
  process.exit(1);
});
