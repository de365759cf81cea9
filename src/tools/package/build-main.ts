/** `npm run package` / `npm run deploy` first step: bundle and zip both functions into dist/lambda. */
import { relative } from 'node:path';
import { buildLambdaArtifacts, REPO_ROOT } from './build-lambda-artifacts.ts';

const result = await buildLambdaArtifacts();
for (const fn of Object.values(result.functions)) {
  process.stdout.write(
    `${fn.name}: ${relative(REPO_ROOT, fn.zipPath)} (${(fn.zipBytes / 1024).toFixed(0)} KB zipped, ${(fn.bundleBytes / 1024).toFixed(0)} KB of JavaScript)\n`,
  );
}
process.stdout.write(
  result.roleArns.length > 0 ? `sts:AssumeRole on ${result.roleArns.join(', ')}\n` : 'no cross-account roles in the config: own account only\n',
);
