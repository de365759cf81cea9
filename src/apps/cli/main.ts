import { runDoctor } from './doctor/run-doctor.ts';
import { runCli, type CliIo } from './run-cli.ts';
import { runScan } from './run-scan.ts';

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
