/**
 * A PostgreSQL server the bench owns, so it can restart it: `scripts/pg-throwaway.sh` (as
 * .ci/run and bench/lib/postgres.ts start it: fsync off, synchronous_commit off) on
 * `SHITHUB_BENCH_PG_PORT` or a random port, `restart('fast' | 'immediate')` through
 * `pg_ctl` (immediate = a crash: no shutdown checkpoint, recovery at start), and a fresh
 * database per bench. Stopped (and its folder removed) by `stop()`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import postgres from 'postgres';

const SCRIPT = resolve(import.meta.dirname, '../../scripts/pg-throwaway.sh');

export interface OwnPostgres {
  /** Superuser URL of the server (database `postgres`). */
  serverUrl: string;
  host: string;
  port: number;
  /** Stops the server (`fast`: clean shutdown; `immediate`: like a crash), then starts it again. */
  restart(mode: 'fast' | 'immediate', downMs?: number): Promise<void>;
  /** A new empty database on it; its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The server at `SHITHUB_BENCH_DATABASE_URL` (a superuser URL) dressed as an OwnPostgres:
 * databases are created on it and dropped by `stop()`; it cannot be restarted.
 */
export function externalPostgres(serverUrl: string): OwnPostgres {
  const url = new URL(serverUrl);
  const created: string[] = [];
  const admin = () => postgres(serverUrl, { max: 1, onnotice: () => {} });
  return {
    serverUrl,
    host: url.hostname,
    port: Number(url.port || 5432),
    async restart() {
      throw new Error(
        'SHITHUB_BENCH_DATABASE_URL names a server this bench does not own: it cannot restart it',
      );
    },
    async createDatabase(name) {
      const sql = admin();
      const db = `fault_${name}_${Date.now().toString(36)}`;
      await sql.unsafe(`CREATE DATABASE "${db}"`);
      await sql.unsafe(`ALTER DATABASE "${db}" SET synchronous_commit = on`);
      await sql.end({ timeout: 5 });
      created.push(db);
      const dbUrl = new URL(serverUrl);
      dbUrl.pathname = `/${db}`;
      return dbUrl.toString();
    },
    async stop() {
      const sql = admin();
      for (const db of created) await sql.unsafe(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
      await sql.end({ timeout: 5 });
    },
  };
}

function pgBin(): string {
  let found = '';
  for (const v of ['13', '14', '15', '16', '17']) {
    const dir = `/usr/lib/postgresql/${v}/bin`;
    if (existsSync(join(dir, 'pg_ctl'))) found = dir;
  }
  if (!found) throw new Error('PostgreSQL server binaries not found');
  return found;
}

/** pg_ctl as the `postgres` user when we are root (initdb and the server refuse root). */
function pgCtl(args: string[]): void {
  const ctl = join(pgBin(), 'pg_ctl');
  if (process.getuid?.() === 0)
    execFileSync('runuser', ['-u', 'postgres', '--', ctl, ...args], { stdio: 'ignore' });
  else execFileSync(ctl, args, { stdio: 'ignore' });
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'shithub-fault-pg-'));
  execFileSync('chmod', ['755', dir]);
  const port = Number(process.env.SHITHUB_BENCH_PG_PORT ?? 50000 + Math.floor(Math.random() * 5000));
  const data = join(dir, 'pg');
  const serverUrl = execFileSync(SCRIPT, ['start', data, String(port)], { encoding: 'utf8' }).trim();
  const admin = () => postgres(serverUrl, { max: 1, onnotice: () => {} });
  let stopped = false;
  // A bench that dies must not leave its PostgreSQL running.
  process.once('exit', () => {
    if (!stopped) execFileSync(SCRIPT, ['stop', data]);
  });
  return {
    serverUrl,
    host: '127.0.0.1',
    port,
    async restart(mode, downMs = 0) {
      pgCtl(['-D', data, '-w', '-m', mode, 'stop']);
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      execFileSync(SCRIPT, ['start', data, String(port)], { encoding: 'utf8' });
    },
    async createDatabase(name) {
      const sql = admin();
      const db = `fault_${name}_${Date.now().toString(36)}`;
      await sql.unsafe(`CREATE DATABASE "${db}"`);
      // The throwaway server runs with synchronous_commit off: a commit it acknowledged could
      // vanish in a crash (pg_ctl -m immediate), which would read as a lost chunk. Durable here.
      await sql.unsafe(`ALTER DATABASE "${db}" SET synchronous_commit = on`);
      await sql.end({ timeout: 5 });
      const url = new URL(serverUrl);
      url.pathname = `/${db}`;
      return url.toString();
    },
    async stop() {
      stopped = true;
      execFileSync(SCRIPT, ['stop', data]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
