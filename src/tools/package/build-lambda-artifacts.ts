/**
 * Builds what `serverless package` ships (`npm run package` / `npm run deploy` run this first):
 * one esbuild bundle per function, zipped with only what that function needs, plus the IAM
 * statements, the alarm rule and the settings serverless.yml reads from `dist/lambda/`.
 *
 * Why our own esbuild step and `package.artifact` rather than a plugin: serverless-esbuild is not
 * a dependency, osls has no built-in bundler, and the worker needs files next to its bundle that
 * a plugin would not place (the runbook at the path load-runbook.ts computes from its own module,
 * resvg's native binary and the chart fonts). Zipping here also keeps `serverless package` from
 * walking node_modules.
 *
 * - ingress: Bolt + SQS + SSM; Bolt's HTTP, Express and Socket Mode receivers are replaced by stubs
 *   (AwsLambdaReceiver is passed in, so they are never constructed) to keep the cold start small.
 * - worker: everything the diagnosis needs, split so the handler module loads first and the
 *   diagnosis code on first use; `@resvg/resvg-js` stays a package (native) and is copied in.
 */
import { cp, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import { loadAccessConfig } from '../../adapters/config/load-access-config.ts';
import { assumableRoleArns, lambdaRoleStatements } from '../../adapters/aws/iam/lambda-role-statements.ts';
import { alarmRule } from '../../adapters/alarms/alarm-rule.ts';
import { writeZip, type ZipEntry } from './write-zip.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Where the config file travels inside each function, relative to the task root. */
export const CONFIG_IN_BUNDLE = 'config/diagnose-502.yaml';
/** Lambda's nodejs22.x runs on x86_64 Linux (glibc) unless serverless.yml says arm64. */
const RESVG_PLATFORM_PACKAGE = '@resvg/resvg-js-linux-x64-gnu';

export interface BuildOptions {
  /** Output directory; `dist/lambda` under the repo by default. */
  outDir?: string;
  /** Bot config (accounts, access rules); DIAGNOSE502_CONFIG when absent. None: own account only. */
  configPath?: string;
  minify?: boolean;
}

export interface FunctionArtifact {
  name: 'ingress' | 'worker';
  zipPath: string;
  zipBytes: number;
  /** Bytes of JavaScript in the bundle (entry plus chunks). */
  bundleBytes: number;
  /** Every source file esbuild bundled, relative to the repo (from its metafile). */
  inputs: string[];
  /** The bundled entry module, for the cold-start benchmark. */
  entryPath: string;
  files: string[];
}

export interface BuildResult {
  outDir: string;
  functions: Record<'ingress' | 'worker', FunctionArtifact>;
  roleArns: string[];
}

export async function buildLambdaArtifacts(options: BuildOptions = {}): Promise<BuildResult> {
  const outDir = options.outDir ?? join(REPO_ROOT, 'dist', 'lambda');
  const configPath = options.configPath ?? (process.env['DIAGNOSE502_CONFIG'] || undefined);
  // Validated now: a broken config must fail the deploy, not the first request.
  const config = await loadAccessConfig(configPath);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });

  const ingress = await bundleFunction('ingress', outDir, options, [stubBoltReceivers()], []);
  const worker = await bundleFunction('worker', outDir, options, [stubBoltReceivers()], ['@resvg/resvg-js']);
  await copyRunbook(join(outDir, 'worker'));
  await copyChartDependencies(join(outDir, 'worker'));
  for (const fn of ['ingress', 'worker'] as const) {
    if (configPath) {
      await mkdir(join(outDir, fn, dirname(CONFIG_IN_BUNDLE)), { recursive: true });
      await cp(configPath, join(outDir, fn, CONFIG_IN_BUNDLE));
    }
  }
  const roleArns = assumableRoleArns(config);
  await writeFile(join(outDir, 'iam.json'), `${JSON.stringify({ statements: lambdaRoleStatements(config) }, null, 2)}\n`);
  await writeFile(join(outDir, 'settings.json'), `${JSON.stringify({ configFile: configPath ? CONFIG_IN_BUNDLE : '', roleArns }, null, 2)}\n`);
  // The CloudWatch alarm rule's pattern and state (serverless.yml, AlarmStateChangeRule).
  await writeFile(join(outDir, 'alarm-rule.json'), `${JSON.stringify(alarmRule(config), null, 2)}\n`);

  return { outDir, functions: { ingress: await zipFunction(outDir, ingress), worker: await zipFunction(outDir, worker) }, roleArns };
}

interface Bundled {
  name: 'ingress' | 'worker';
  dir: string;
  entryPath: string;
  bundleBytes: number;
  inputs: string[];
}

async function bundleFunction(name: 'ingress' | 'worker', outDir: string, options: BuildOptions, plugins: Plugin[], external: string[]): Promise<Bundled> {
  const dir = join(outDir, name);
  const result = await build({
    absWorkingDir: REPO_ROOT,
    // Entry and chunks sit three levels down, like src/adapters/config/load-runbook.ts, so its
    // `../../../runbooks/` finds the runbook copied to the root of the zip.
    entryPoints: { [`src/apps/lambda/${name}`]: `src/apps/lambda/${name}.ts` },
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'src/apps/chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    minify: options.minify ?? true,
    keepNames: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
    external,
    plugins: [...plugins, refuse('better-sqlite3', 'the Lambda functions keep state in DynamoDB')],
    // CommonJS dependencies call require() for Node built-ins; ESM output has no require of its own.
    banner: { js: "import { createRequire as __d502Require } from 'node:module'; const require = __d502Require(import.meta.url);" },
  });
  const entryPath = join(dir, 'src', 'apps', 'lambda', `${name}.mjs`);
  return { name, dir, entryPath, bundleBytes: jsBytes(result.metafile), inputs: Object.keys(result.metafile.inputs) };
}

function jsBytes(metafile: Metafile): number {
  return Object.entries(metafile.outputs)
    .filter(([path]) => path.endsWith('.mjs'))
    .reduce((sum, [, output]) => sum + output.bytes, 0);
}

/**
 * Bolt's App requires its default receivers (and they raw-body, iconv-lite, express, ws) at load
 * time; with an AwsLambdaReceiver passed in none of them is ever constructed, so they are stubbed.
 */
function stubBoltReceivers(): Plugin {
  const stubbed = /^\.\/(receivers\/)?(HTTPReceiver|ExpressReceiver|SocketModeReceiver)$|^raw-body$/;
  return {
    name: 'stub-bolt-receivers',
    setup(b) {
      b.onResolve({ filter: stubbed }, (args) => {
        if (!args.importer.includes(`${sep}@slack${sep}bolt${sep}`)) return undefined;
        return { path: args.path.split('/').pop()!, namespace: 'bolt-receiver-stub' };
      });
      b.onLoad({ filter: /.*/, namespace: 'bolt-receiver-stub' }, (args) => ({
        contents: `export default function ${args.path.replace(/\W/g, '')}Stub() { throw new Error('${args.path} is not part of the Lambda bundle; Bolt runs with an AwsLambdaReceiver here'); }`,
        loader: 'js',
      }));
    },
  };
}

function refuse(pkg: string, why: string): Plugin {
  return {
    name: `refuse-${pkg}`,
    setup(b) {
      b.onResolve({ filter: new RegExp(`^${pkg}$`) }, (args) => ({
        errors: [{ text: `${pkg} must not be bundled (${why}); imported by ${relative(REPO_ROOT, args.importer)}` }],
      }));
    },
  };
}

async function copyRunbook(functionDir: string): Promise<void> {
  await mkdir(join(functionDir, 'runbooks'), { recursive: true });
  await cp(join(REPO_ROOT, 'runbooks', 'api-gateway-502.yaml'), join(functionDir, 'runbooks', 'api-gateway-502.yaml'));
}

/** resvg's JavaScript and native binary as packages, and the two DejaVu fonts the chart uses. */
async function copyChartDependencies(functionDir: string): Promise<void> {
  const require = createRequire(join(REPO_ROOT, 'package.json'));
  const packageDir = (pkg: string) => {
    try {
      return dirname(require.resolve(`${pkg}/package.json`));
    } catch (error) {
      throw new Error(
        `${pkg} is not installed; the worker's chart needs it. On a machine that is not x86_64 Linux, run ` +
          `npm install --no-save --os=linux --cpu=x64 ${pkg} before packaging.`,
        { cause: error },
      );
    }
  };
  const modules = join(functionDir, 'node_modules');
  for (const pkg of ['@resvg/resvg-js', RESVG_PLATFORM_PACKAGE]) {
    await cp(packageDir(pkg), join(modules, pkg), { recursive: true, filter: (src) => !/\.(md|d\.ts|map)$/.test(src) });
  }
  const fonts = packageDir('dejavu-fonts-ttf');
  await mkdir(join(modules, 'dejavu-fonts-ttf', 'ttf'), { recursive: true });
  for (const file of ['package.json', 'ttf/DejaVuSans.ttf', 'ttf/DejaVuSans-Bold.ttf']) await cp(join(fonts, file), join(modules, 'dejavu-fonts-ttf', file));
}

async function zipFunction(outDir: string, bundled: Bundled): Promise<FunctionArtifact> {
  const files = await listFiles(bundled.dir);
  const entries: ZipEntry[] = await Promise.all(
    files.map(async (file) => ({
      name: file.split(sep).join('/'),
      data: await readFile(join(bundled.dir, file)),
      mode: file.endsWith('.node') ? 0o755 : 0o644,
    })),
  );
  const zipPath = join(outDir, `${bundled.name}.zip`);
  await writeFile(zipPath, writeZip(entries));
  return {
    name: bundled.name,
    zipPath,
    zipBytes: (await stat(zipPath)).size,
    bundleBytes: bundled.bundleBytes,
    inputs: bundled.inputs,
    entryPath: bundled.entryPath,
    files: entries.map((e) => e.name).sort(),
  };
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const path = join(prefix, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(dir, path)));
    else out.push(path);
  }
  return out;
}
