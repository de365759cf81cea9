#!/usr/bin/env node
// Runs the compiled CLI (`npm run build` writes dist/; `npm pack` and `npm install` from git run it
// through `prepare`), so an installed package needs plain node and no TypeScript loader.
await import('../dist/src/apps/cli/main.js');
