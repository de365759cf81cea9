import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DEFAULT_SCENARIO_DIR } from '../sim/start-simulated-aws.ts';
import { corpusCases, generateCases } from './generate-cases.ts';
import { loadEvalCorpus } from './load-eval-corpus.ts';
import { runEval } from './run-eval.ts';
import { renderEvalText } from './summarize-eval.ts';

/**
 * `npm run eval`: the accuracy benchmark. Options: `--cases N` (default 500), `--seed S`
 * (default 1), `--corpus` (the scenarios as written, no variants), `--only id,id`,
 * `--concurrency K` (default 3), `--json` (also write the figures and every case's
 * score to `--out FILE`, default eval-report.json), `--quiet`.
 */
const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '500' },
    seed: { type: 'string', default: '1' },
    corpus: { type: 'boolean', default: false },
    only: { type: 'string' },
    concurrency: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
    out: { type: 'string', default: 'eval-report.json' },
    quiet: { type: 'boolean', default: false },
  },
  allowPositionals: false,
});

const corpus = await loadEvalCorpus(DEFAULT_SCENARIO_DIR);
let cases = values.corpus ? corpusCases(corpus) : generateCases(corpus, { count: Number(values.cases), seed: Number(values.seed) });
if (values.only) {
  const wanted = new Set(values.only.split(','));
  cases = cases.filter((c) => wanted.has(c.baseId) || wanted.has(c.id));
}
process.stderr.write(`eval: ${cases.length} cases from ${corpus.length} scenarios (seed ${values.seed})\n`);
const run = await runEval(cases, {
  concurrency: Number(values.concurrency),
  onCase: (_s, done) => {
    if (!values.quiet && (done % 25 === 0 || done === cases.length)) process.stderr.write(`  ${done}/${cases.length}\n`);
  },
});
const failures = run.scores.filter((s) => !s.correct || s.decisive === false);
if (values.json) {
  const perturbations = Object.fromEntries(cases.map((c) => [c.id, c.perturbations]));
  const errors = Object.fromEntries(run.outcomes.filter((o) => !o.ok).map((o) => [o.caseId, o.error]));
  await writeFile(
    values.out,
    `${JSON.stringify({ figures: run.figures, cases: run.scores.map((s) => ({ ...s, perturbations: perturbations[s.caseId], error: errors[s.caseId] })) }, null, 2)}\n`,
  );
  process.stdout.write(`wrote ${values.out}\n`);
}
process.stdout.write(`${renderEvalText(run.figures, failures)}\n`);
