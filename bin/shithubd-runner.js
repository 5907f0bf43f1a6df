#!/usr/bin/env node
// Runs the compiled program in dist/, which `npm install` builds (the prepare script) and
// `npm run build` rebuilds: no TypeScript compiler is loaded at start-up.
import { existsSync } from 'node:fs';

const main = new URL('../dist/apps/shithubd-runner/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('error: shithubd-runner is not built: run `npm run build` (npm install does it)\n');
  process.exit(1);
}
await import(main.href);
