/** The storage loops of `serve` on a fake clock: log finalisation and the 03:30 UTC sweep. */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { MemoryObjectStore } from '../../src/adapters/memory/object-store.js';
import { loadServerConfig } from '../../src/apps/shithubd/config.js';
import { startLoops } from '../../src/apps/shithubd/loops.js';
import { createRepo } from '../../src/domain/forge/repository.js';
import { createUser } from '../../src/domain/forge/user.js';
import { cancelRun } from '../../src/domain/jobs/cancel-jobs.js';
import { enqueueRun } from '../../src/domain/jobs/enqueue-run.js';
import { RETENTION_SWEEP_LOCK } from '../../src/domain/storage/lock-ids.js';
import { plannedRun } from '../support/job-seed.js';
import { makeMemoryDeps } from '../support/memory-deps.js';

const config = loadServerConfig({ env: {}, cwd: '/tmp' });
const quiet = pino({ level: 'silent' });
const DAY_MS = 24 * 60 * 60 * 1000;

async function world(now: string) {
  const deps = makeMemoryDeps();
  deps.clock.set(now);
  await createUser(deps, { name: 'alice' });
  const repo = await createRepo(deps, { ownerName: 'alice', name: 'app' });
  /** A run ended `daysAgo` days before the clock's now, its first step holding `log`. */
  const endedRun = async (daysAgo: number, log = '') => {
    const back = deps.clock.now();
    deps.clock.set(new Date(back.getTime() - daysAgo * DAY_MS));
    const { run, jobs } = await enqueueRun(deps, plannedRun(repo.id));
    const [step] = await deps.runs.listSteps([jobs[0]!.id]);
    if (log !== '') {
      await deps.jobCalls
        .transaction(deps.clock.now(), (tx) =>
          tx.logs.insertChunk(step!.id, 0, new TextEncoder().encode(log)),
        )
        .then(() => undefined);
    }
    await cancelRun(deps, { runId: run.id, reason: 'user' });
    deps.clock.set(back);
    return { run, job: jobs[0]!, step: step! };
  };
  return { deps, endedRun, objects: deps.objects as MemoryObjectStore };
}

describe('storage loops', () => {
  it('archives the log of an ended step on the next finalisation round', async () => {
    const { deps, endedRun, objects } = await world('2027-01-10T12:00:00Z');
    const { run, job, step } = await endedRun(0, 'hello from a step\n');
    const loops = startLoops(deps, config, quiet);
    await loops.runAll();
    await loops.stop();
    const key = `actions/runs/${run.id}/jobs/${job.id}/steps/0.log`;
    expect(Buffer.from(objects.objects.get(key)!).toString()).toBe('hello from a step\n');
    expect(deps.state.tables.logChunks.filter((c) => c.stepId === step.id)).toEqual([]);
    expect(deps.state.tables.steps.get(step.id)).toMatchObject({ logObjectKey: key, logByteCount: 18 });
  });

  it('sweeps once when the clock crosses 03:30 UTC, and not again until the next day', async () => {
    const { deps, endedRun } = await world('2027-01-10T03:28:30Z');
    const first = await endedRun(400);
    const loops = startLoops(deps, config, quiet);
    await loops.runAll();
    expect(await deps.runs.getRun(first.run.id)).toBeDefined();
    expect(deps.metrics.counter('runs_pruned_total', { kind: 'runs' })).toBe(0);
    deps.clock.advance(60_000);
    await loops.runAll(); // 03:29:30
    expect(await deps.runs.getRun(first.run.id)).toBeDefined();
    deps.clock.advance(60_000);
    await loops.runAll(); // 03:30:30: the slot was crossed
    expect(await deps.runs.getRun(first.run.id)).toBeUndefined();
    expect(deps.metrics.counter('runs_pruned_total', { kind: 'runs' })).toBe(1);
    const second = await endedRun(400);
    deps.clock.advance(60_000);
    await loops.runAll();
    expect(await deps.runs.getRun(second.run.id)).toBeDefined();
    deps.clock.advance(DAY_MS - 60_000);
    await loops.runAll();
    expect(await deps.runs.getRun(second.run.id)).toBeUndefined();
    await loops.stop();
  });

  it('skips the slot without an error while another replica holds the sweep lock', async () => {
    const { deps, endedRun } = await world('2027-01-10T03:29:30Z');
    const old = await endedRun(400);
    const lines: string[] = [];
    const loops = startLoops(
      deps,
      config,
      pino({ level: 'info' }, { write: (line: string) => lines.push(line) }),
    );
    let release = () => {};
    const held = deps.locks.run(
      RETENTION_SWEEP_LOCK,
      () =>
        new Promise<void>((done) => {
          release = done;
        }),
    );
    deps.clock.advance(60_000);
    await loops.runAll();
    release();
    await held;
    expect(await deps.runs.getRun(old.run.id)).toBeDefined();
    expect(lines.some((l) => l.includes('another replica is sweeping'))).toBe(true);
    expect(lines.some((l) => l.includes('background loop failed'))).toBe(false);
    await loops.stop();
  });
});
