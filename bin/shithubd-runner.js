#!/usr/bin/env node
// Runs the TypeScript sources through tsx so `npx shithubd-runner` works right after `npm install`.
import { register } from 'tsx/esm/api';

register();
await import('../src/apps/shithubd-runner/main.ts');
