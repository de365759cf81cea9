import { runIamPolicy } from './run-iam-policy.ts';

process.exitCode = await runIamPolicy(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
});
