/**
 * Fault: PostgreSQL restarted under load (issue #12 Build 1). One real `shithubd serve`
 * on the bench's own PostgreSQL, a pool of `--runners` runner daemons streaming logs (see
 * server-kill.ts). Each round waits until most runners claimed a new job, then restarts
 * PostgreSQL — alternately `pg_ctl stop -m fast` (clean: sessions terminated) and `-m
 * immediate` (a crash: recovery at start) — down for 0.5–2 s. The server keeps running:
 * its pool, its LISTEN connection and its advisory-lock connections must come back alone.
 * Recovery: the restart's start → each streaming job's next 2xx job call.
 *
 *   npx tsx bench/faults/pg-restart.ts [--restarts 6] [--runners 50] [--quick]
 */
import { parseArgs } from 'node:util';
import { between, runPoolScenario } from './lib/pool-scenario.js';

const { values: args } = parseArgs({
  options: {
    restarts: { type: 'string' },
    runners: { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
});
const RESTARTS = Number(args.restarts ?? (args.quick ? 2 : 6));
const RUNNERS = Number(args.runners ?? (args.quick ? 8 : 50));

await runPoolScenario({
  name: 'pg_restart',
  database: 'postgres',
  ownServer: true,
  runners: RUNNERS,
  jobs: RUNNERS * (RESTARTS + 2),
  shape: {
    checkout: false,
    steps: [
      { lines: 40, pauseS: 0.05 },
      { lines: 10, pauseS: 0.02 },
    ],
  },
  jobSeconds: 3,
  async inject(run) {
    const pg = run.world.pg!;
    for (let k = 0; k < RESTARTS; k++) {
      await run.waitClaims(Math.ceil(RUNNERS * 0.8), 60_000);
      const mode = k % 2 === 0 ? 'fast' : 'immediate';
      // The fault counts from the stop: recovery includes the time PostgreSQL is away.
      const fault = await run.fault(`postgres restart -m ${mode}`, () =>
        pg.restart(mode, between(500, 2000)),
      );
      fault.from = fault.at;
    }
  },
});
process.exit(0);
