#!/usr/bin/env node
// Generates the next migration from src/adapters/postgres/schema.ts into drizzle/.
// Usage: npm run db:generate -- [name]
import { execFileSync } from 'node:child_process';

const name = process.argv[2] ?? 'change';
execFileSync('npx', ['drizzle-kit', 'generate', '--name', name], { stdio: 'inherit' });
