/**
 * Runner overhead (SPEC §20, issue #5): the time from the runner receiving a claim to it
 * asking the engine to start the first step — workspace, `running` reports through the
 * token chain, `if:` and env rendering, log stream — excluding the engine's own start time.
 * The server runs in a child process on PostgreSQL; the runner loop (real HTTP client, disk
 * workspace and spool, host engine) runs here with timing wrappers. Also the idle RSS of the
 * real `shithubd-runner` binary (its own process, long-polling an empty queue).
 *
 *   npx tsx bench/runner-overhead.ts [--samples 50]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { HostEngine } from '../src/adapters/engine/host.js';
import { GitCheckout } from '../src/adapters/git/checkout.js';
import { ArtifactClient } from '../src/adapters/http/artifact-client.js';
import { ControlPlaneClient } from '../src/adapters/http/control-plane-client.js';
import { PgWakeBus } from '../src/adapters/postgres/wake-bus.js';
import { FsArtifactFiles } from '../src/adapters/system/artifact-files.js';
import { SystemClock } from '../src/adapters/system/clock.js';
import { FsLogSpool } from '../src/adapters/system/log-spool.js';
import { CryptoRandom } from '../src/adapters/system/random.js';
import { FsStepFiles } from '../src/adapters/system/step-files.js';
import { SystemTimer } from '../src/adapters/system/timer.js';
import { FsWorkspace } from '../src/adapters/system/workspace.js';
import { type AgentState, runAgent } from '../src/domain/agent/run-agent.js';
import { enqueueRun } from '../src/domain/jobs/enqueue-run.js';
import { notifyJobsEnqueued } from '../src/domain/runner-api/wake-runners.js';
import type { ContainerEngine } from '../src/ports/container-engine.js';
import type { ControlPlane } from '../src/ports/control-plane.js';
import { percentile, report, summarise } from './lib/stats.js';
import { benchRun, openWorld, seedRepos, seedRunners, startChild } from './lib/world.js';

const { values: args } = parseArgs({ options: { samples: { type: 'string', default: '50' } } });
const SAMPLES = Number(args.samples);
const WARMUP = 5;
const RUNNER_BIN = resolve(import.meta.dirname, '../bin/shithubd-runner.js');
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

const world = await openWorld('runner_overhead');
const server = await startChild(world.serverEnv());
const bus = await PgWakeBus.open(world.dbUrl);
const [repoId] = await seedRepos(world, 'bench', 1);
const [runner, idleRunner] = await seedRunners(world, 'overhead', 2, { labels: ['ubuntu-latest'] });
const root = mkdtempSync(join(tmpdir(), 'shithub-bench-runner-'));

const claimedAt = new Map<number, number>();
const startedAt = new Map<number, number>();
const done = new Map<number, () => void>();

const client = new ControlPlaneClient({ baseUrl: server.url, registrationToken: runner!.token });
const controlPlane: ControlPlane = Object.assign(Object.create(client) as ControlPlane, {
  heartbeat: async (...a: Parameters<ControlPlane['heartbeat']>) => {
    const outcome = await client.heartbeat(...a);
    if (outcome.kind === 'claimed') claimedAt.set(outcome.assignment.job.id, performance.now());
    return outcome;
  },
  reportJob: async (...a: Parameters<ControlPlane['reportJob']>) => {
    const answer = await client.reportJob(...a);
    if (a[2].status !== 'running') done.get(a[0])?.();
    return answer;
  },
});
const host = new HostEngine({ path: process.env.PATH ?? '/usr/bin:/bin' });
const engine: ContainerEngine = Object.assign(Object.create(host) as ContainerEngine, {
  startStep: (...a: Parameters<ContainerEngine['startStep']>) => {
    if (!startedAt.has(a[0].jobId)) startedAt.set(a[0].jobId, performance.now());
    return host.startStep(...a);
  },
});
const stop = new AbortController();
const state: AgentState = { runnerId: 0, active: new Map() };
const loop = runAgent(
  {
    controlPlane,
    engine,
    checkout: new GitCheckout({ path: process.env.PATH ?? '/usr/bin:/bin' }),
    workspace: new FsWorkspace({ root: join(root, 'ws') }),
    files: new FsStepFiles(),
    artifacts: new ArtifactClient({ baseUrl: server.url }),
    artifactFiles: new FsArtifactFiles(),
    spool: new FsLogSpool(join(root, 'spool')),
    timer: new SystemTimer(),
    clock: new SystemClock(),
    random: new CryptoRandom(),
    log: silent,
  },
  {
    settings: {
      labels: ['ubuntu-latest'],
      capacity: 1,
      longPollSeconds: 30,
      pollIntervalMs: 5000,
      hostName: 'bench',
      version: 'bench',
    },
    signals: { stopClaiming: stop.signal, shutdown: new AbortController().signal },
    state,
  },
);

const overheads: number[] = [];
for (let i = 0; i < WARMUP + SAMPLES; i++) {
  const run = benchRun(repoId!, { key: `job${i}` });
  const enqueued = await enqueueRun(world.ctx.deps, run);
  const jobId = enqueued.jobs[0]!.id;
  const finished = new Promise<void>((r) => done.set(jobId, r));
  await notifyJobsEnqueued({ wake: bus }, run.jobs);
  await finished;
  const overhead = (startedAt.get(jobId) ?? Number.NaN) - (claimedAt.get(jobId) ?? Number.NaN);
  if (i >= WARMUP) overheads.push(overhead);
}
stop.abort();
await loop;
console.log(summarise('claim → first step started (engine start excluded)', overheads));
report('runner-overhead-p50', percentile(overheads, 50), 'ms', { op: '<', value: 100 });

// Idle RSS of the real binary (SPEC §20: ≤ 60 MiB): its own process, long-polling an empty queue for 10 s.
const child = spawn(
  process.execPath,
  [
    RUNNER_BIN,
    'run',
    '--server-url',
    server.url,
    '--token',
    idleRunner!.token,
    '--engine',
    'host',
    '--workspace-root',
    join(root, 'idle-ws'),
    '--log-level',
    'warn',
  ],
  { stdio: 'ignore' },
);
await new Promise((r) => setTimeout(r, 10_000));
const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
report('runner-idle-rss', rssKiB / 1024, 'MiB', { op: '<=', value: 60 });

await bus.close();
await server.close();
await world.close();
rmSync(root, { recursive: true, force: true });
