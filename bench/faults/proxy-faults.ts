/**
 * Fault: broken links (issue #12 Build 1). Two loopback proxies (bench/lib/tcp-proxy.ts):
 * one between the runners and `shithubd serve`, one between the server and PostgreSQL
 * (every connection of the server goes through it: its pool, its LISTEN connection, its
 * advisory locks). A pool of `--runners` runner daemons streams logs (see server-kill.ts);
 * each round waits until half the runners claimed a new job, then applies the next fault
 * of the cycle:
 *   cut runner↔server (every open connection reset), stall runner↔server 3 s (all bytes
 *   held, then delivered), delay runner↔server 200 ms per chunk for 5 s, and the same
 *   three between the server and PostgreSQL (delay 20 ms).
 * Recovery: the end of the fault → each streaming job's next 2xx job call.
 *
 *   npx tsx bench/faults/proxy-faults.ts [--rounds 12] [--runners 50] [--quick]
 */
import { parseArgs } from 'node:util';
import { TcpProxy } from '../lib/tcp-proxy.js';
import { runPoolScenario, sleep } from './lib/pool-scenario.js';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string' },
    runners: { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
});
const ROUNDS = Number(args.rounds ?? (args.quick ? 6 : 12));
const RUNNERS = Number(args.runners ?? (args.quick ? 8 : 50));

let toServer: TcpProxy | null = null;
let toPostgres: TcpProxy | null = null;

const FAULTS: { kind: string; act: (runners: TcpProxy, pg: TcpProxy) => Promise<void> }[] = [
  { kind: 'cut runner-server', act: async (r) => void r.cut() },
  { kind: 'stall runner-server 3s', act: (r) => stall(r, 3000) },
  { kind: 'delay runner-server 200ms/5s', act: (r) => delay(r, 200, 5000) },
  { kind: 'cut server-postgres', act: async (_, pg) => void pg.cut() },
  { kind: 'stall server-postgres 3s', act: (_, pg) => stall(pg, 3000) },
  { kind: 'delay server-postgres 20ms/5s', act: (_, pg) => delay(pg, 20, 5000) },
];

async function stall(proxy: TcpProxy, ms: number): Promise<void> {
  proxy.stall(ms);
  await sleep(ms);
}

async function delay(proxy: TcpProxy, ms: number, forMs: number): Promise<void> {
  proxy.delay(ms);
  await sleep(forMs);
  proxy.delay(0);
}

await runPoolScenario({
  name: 'proxy_faults',
  database: 'postgres',
  runners: RUNNERS,
  jobs: RUNNERS * Math.ceil(ROUNDS / 2 + 2),
  shape: {
    checkout: false,
    steps: [
      { lines: 40, pauseS: 0.05 },
      { lines: 10, pauseS: 0.02 },
    ],
  },
  jobSeconds: 3,
  async wire(world, serverPort) {
    const pg = world.pg!;
    toPostgres = await TcpProxy.start({ target: { host: pg.host, port: pg.port } });
    toServer = await TcpProxy.start({ target: { host: '127.0.0.1', port: serverPort } });
    const url = new URL(world.dbUrl);
    url.port = String(toPostgres.port);
    return {
      serverEnv: { SHITHUB_DATABASE_URL: url.toString() },
      runnerUrl: toServer.url,
      close: async () => {
        await toServer?.close();
        await toPostgres?.close();
      },
    };
  },
  async inject(run) {
    for (let k = 0; k < ROUNDS; k++) {
      await run.waitClaims(Math.ceil(RUNNERS / 2), 60_000);
      const fault = FAULTS[k % FAULTS.length]!;
      await run.fault(fault.kind, () => fault.act(toServer!, toPostgres!));
    }
  },
});
process.exit(0);
