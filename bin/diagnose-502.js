#!/usr/bin/env node
// The package ships TypeScript sources; tsx runs them without a separate build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/apps/cli/main.ts');
