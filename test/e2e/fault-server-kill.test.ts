/**
 * Issue #12 Build 1, smoke: the small mode of bench/faults/server-kill.ts — the real server
 * killed with SIGKILL twice under four runner daemons streaming logs, restarted each time —
 * must end with every "must be 0" at 0, and with its log check shown able to see a loss.
 */
import { resolve } from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { describePostgres, POSTGRES_SKIP_NOTE, TEST_DATABASE_URL } from '../support/databases.js';

const SCENARIO = resolve(import.meta.dirname, '../../bench/faults/server-kill.ts');

describePostgres(`fault bench: kill -9 of the server under load, quick mode${POSTGRES_SKIP_NOTE}`, () => {
  it('loses no acknowledged chunk, claims no job twice and leaves no job running across two kills', async () => {
    const run = await execa(
      process.execPath,
      ['--import', 'tsx', SCENARIO, '--quick', '--runners', '4', '--kills', '2'],
      { env: { SHITHUB_BENCH_DATABASE_URL: TEST_DATABASE_URL }, reject: false, timeout: 150_000 },
    );
    const figures = Object.fromEntries(
      [...run.stdout.matchAll(/^BENCH fault_server_kill_postgres_(\w+) (\S+)/gm)].map((m) => [
        m[1],
        Number(m[2]),
      ]),
    );
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(figures).toMatchObject({
      double_claims: 0,
      lost_acked_chunks: 0,
      duplicated_lines: 0,
      stuck_jobs: 0,
      orphans: 0,
      server_crashes: 0,
      check_sees_a_forged_loss: 1,
      jobs: 16,
    });
  }, 180_000);
});
