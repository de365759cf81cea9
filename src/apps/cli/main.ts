import { runDoctor } from './doctor/run-doctor.ts';
import { runCli, type CliIo } from './run-cli.ts';
import { runScan } from './run-scan.ts';

// The AWS SDK warns on every run under Node 20 that its 2027 releases will need Node 22; that is for
// whoever packages the tool, not for the engineer at the terminal. The SDK's documented switch,
// unless the user set it themselves.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const io: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  isTty: process.stdout.isTTY === true,
  ...(process.stdout.columns ? { columns: process.stdout.columns } : {}),
};
const argv = process.argv.slice(2);
// `doctor` checks the permissions each collector needs, `scan` lists failing APIs; anything else is a diagnosis.
process.exitCode = argv[0] === 'doctor' ? await runDoctor(argv.slice(1), io) : argv[0] === 'scan' ? await runScan(argv.slice(1), io) : await runCli(argv, io);
