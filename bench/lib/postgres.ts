/**
 * A PostgreSQL for benchmarks: SHITHUB_BENCH_DATABASE_URL when set, else a throwaway server
 * started with scripts/pg-throwaway.sh (as .ci/run does) and stopped at the end. Each bench
 * gets a fresh database on it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import postgres from 'postgres';

const SCRIPT = resolve(import.meta.dirname, '../../scripts/pg-throwaway.sh');

export interface BenchDatabase {
  url: string;
  stop(): Promise<void>;
}

export async function benchDatabase(name: string): Promise<BenchDatabase> {
  let serverUrl = process.env.SHITHUB_BENCH_DATABASE_URL ?? '';
  let stopServer = () => {};
  if (!serverUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'shithub-bench-pg-'));
    execFileSync('chmod', ['755', dir]);
    const port = process.env.SHITHUB_BENCH_PG_PORT ?? String(50000 + Math.floor(Math.random() * 5000));
    serverUrl = execFileSync(SCRIPT, ['start', join(dir, 'pg'), port], { encoding: 'utf8' }).trim();
    stopServer = () => {
      execFileSync(SCRIPT, ['stop', join(dir, 'pg')]);
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const db = `bench_${name}_${Date.now().toString(36)}`;
  await admin.unsafe(`CREATE DATABASE "${db}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${db}`;
  return {
    url: url.toString(),
    stop: async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
      await admin.end({ timeout: 5 });
      stopServer();
    },
  };
}
