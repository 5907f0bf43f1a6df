/**
 * Fault: `kill -9` of `shithubd serve` under load, restarted each time (issue #12 Build 1).
 * The real server (bin/shithubd.js, one process) on PostgreSQL or on the embedded PGlite; a
 * pool of `--runners` runner daemons (runner-pool-child.ts: the runner's composition root,
 * host engine) streaming logs; jobs of two `run` steps printing numbered lines. Each round
 * waits until most runners claimed a new job since the last restart, lets the logs flow a
 * moment, kills the server with SIGKILL, waits 0–1 s and starts it again on the same port.
 * Recovery: kill → each streaming job's next 2xx job call (restart time included).
 *
 *   npx tsx bench/faults/server-kill.ts [--db postgres|pglite] [--kills 10] [--runners 50] [--quick]
 */
import { parseArgs } from 'node:util';
import { between, runPoolScenario, sleep } from './lib/pool-scenario.js';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres' },
    kills: { type: 'string' },
    runners: { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
});
const KILLS = Number(args.kills ?? (args.quick ? 3 : 10));
const RUNNERS = Number(args.runners ?? (args.quick ? 8 : 50));
const database = args.db === 'pglite' ? 'pglite' : 'postgres';

const restarts: number[] = [];
await runPoolScenario({
  name: `server_kill_${database}`,
  database,
  runners: RUNNERS,
  // A round is about one job per runner: the queue lasts the kills, then drains.
  jobs: RUNNERS * (KILLS + 2),
  shape: {
    checkout: false,
    steps: [
      { lines: 40, pauseS: 0.05 },
      { lines: 10, pauseS: 0.02 },
    ],
  },
  jobSeconds: 3,
  async inject(run) {
    for (let k = 0; k < KILLS; k++) {
      await run.waitClaims(Math.ceil(RUNNERS * 0.8), 60_000);
      await sleep(between(300, 1500));
      await run.fault('kill -9 server', () => run.server.stop('SIGKILL'));
      await sleep(between(0, 1000));
      restarts.push(await run.server.start());
    }
  },
});
const sorted = [...restarts].sort((a, b) => a - b);
console.log(
  `server_kill_${database}: restart to /readyz ${sorted.map((ms) => (ms / 1000).toFixed(1)).join(' ')} s`,
);
process.exit(0);
