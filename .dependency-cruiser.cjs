/**
 * The floor plan, enforced: core ← adapters ← apps ← tools, imports only downward, no cycles.
 * `npm test` runs `npm run depcruise`; test/layering.test.ts proves these rules fail on a
 * deliberate violation (test/fixtures/layering/) with this same file.
 *
 * Paths are relative to the folder depcruise runs in, so the fixture tree mirrors the real one.
 */
const CORE = '^(machines|src/core)/';
// The only packages core may use: schemas, the state machine library and YAML parsing, all pure.
const CORE_PACKAGES = '^node_modules/(zod|xstate|yaml)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-only-core',
      comment: 'Core (machines/, src/core/) is pure: it may import only core, zod, xstate and yaml; no I/O, no SDKs, no node: modules.',
      severity: 'error',
      from: { path: CORE },
      to: { pathNot: [CORE, CORE_PACKAGES] },
    },
    {
      name: 'adapters-import-no-apps-or-tools',
      comment: 'Adapters are the edges; composition roots (apps) and tooling (tools) build on them, never the reverse.',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: ['^src/apps/', '^src/tools/', '^src/main\\.ts$'] },
    },
    {
      name: 'apps-import-no-tools',
      comment: 'Production never runs the simulated AWS account, the sandbox or the local stand-ins.',
      severity: 'error',
      from: { path: '^src/apps/' },
      to: { path: ['^src/tools/', '^src/main\\.ts$'] },
    },
    {
      name: 'launcher-starts-only-the-sandbox',
      comment: 'src/main.ts may reach tools only to start the sandbox, and only through a dynamic import.',
      severity: 'error',
      from: { path: '^src/main\\.ts$' },
      to: { path: '^src/tools/', pathNot: '^src/tools/sandbox/start-sandbox\\.ts$' },
    },
    {
      name: 'launcher-loads-the-sandbox-lazily',
      comment: 'A static import would load the sandbox (and the simulated account) for the real bot too.',
      severity: 'error',
      from: { path: '^src/main\\.ts$' },
      to: { path: '^src/tools/sandbox/start-sandbox\\.ts$', dependencyTypesNot: ['dynamic-import'] },
    },
    {
      name: 'product-imports-no-tests-or-benches',
      severity: 'error',
      from: { path: '^(machines|src)/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'no-module-cycles',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      comment: 'Two folders that import each other are one folder in disguise.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unresolvable-imports',
      comment: 'aws-lambda is a types-only module (@types/aws-lambda), which the resolver cannot see.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, pathNot: '^aws-lambda$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^test/fixtures/layering/', '^dist/'] },
    // Type-only imports count: a core file must not even name an SDK type.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: {
      dot: { collapsePattern: '^(src/[^/]+/[^/]+|machines|bench|test/[^/]+)/' },
    },
  },
};
