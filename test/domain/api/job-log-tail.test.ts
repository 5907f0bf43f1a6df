import { describe, expect, it } from 'vitest';
import { readJobLogTail, type TailPosition } from '../../../src/domain/api/job-log-tail.js';
import { createRepo } from '../../../src/domain/forge/repository.js';
import { createUser } from '../../../src/domain/forge/user.js';
import type { JobStatus } from '../../../src/ports/model/run.js';
import { plannedJob, plannedRun, plannedStep } from '../../support/job-seed.js';
import { makeMemoryDeps } from '../../support/memory-deps.js';

async function tailWorld() {
  const deps = makeMemoryDeps();
  await createUser(deps, { name: 'ada' });
  const repo = await createRepo(deps, { ownerName: 'ada', name: 'app' });
  const steps = [plannedStep('a'), plannedStep('b')];
  const { jobs } = await deps.runs.enqueueRun(
    plannedRun(repo.id, { jobs: [plannedJob('j', { steps })] }),
    deps.clock.now(),
  );
  const job = jobs[0]!;
  const [a, b] = await deps.runs.listSteps([job.id]);
  const t = deps.state.tables;
  let seq = 0;
  return {
    deps,
    job,
    ids: [a!.id, b!.id],
    log: (stepId: number, text: string) =>
      t.logChunks.push({
        stepId,
        seq: seq++,
        chunk: new TextEncoder().encode(text),
        createdAt: deps.clock.now(),
      }),
    status: (id: number, status: JobStatus, table: 'steps' | 'jobs' = 'steps') => {
      const map = t[table] as Map<number, { status: JobStatus }>;
      map.set(id, { ...map.get(id)!, status });
    },
    read: (positions: TailPosition[], settled: number[] = [], maxBytes = 1024) =>
      readJobLogTail(deps, { jobId: job.id, positions, settled: new Set(settled), maxBytes }),
  };
}

describe('the live tail of a job log', () => {
  it('reads only started steps while the job runs, and settles ended ones read to their end', async () => {
    const w = await tailWorld();
    w.status(w.job.id, 'running', 'jobs');
    w.status(w.ids[0]!, 'running');
    w.log(w.ids[0]!, 'one\ntw');
    const first = await w.read([]);
    expect(first).toMatchObject({
      updates: [{ stepNumber: 1, firstLine: 1, lines: ['one'] }],
      positions: [
        { bytes: 4, lines: 1 },
        { bytes: 0, lines: 0 },
      ],
      settled: [],
      finished: false,
      more: false,
    });
    const t0 = w.deps.clock.now().getTime();
    w.deps.clock.advance(1500);
    w.log(w.ids[0]!, 'o\nthree\n');
    w.status(w.ids[0]!, 'completed');
    w.status(w.ids[1]!, 'skipped');
    w.status(w.job.id, 'completed', 'jobs');
    const last = await w.read(first.positions);
    // A line's time is the time its first byte was stored.
    expect(last.updates).toEqual([
      { stepNumber: 1, firstLine: 2, lines: ['two', 'three'], times: [t0, t0 + 1500] },
    ]);
    expect(last).toMatchObject({ settled: [1, 2], finished: true });
  });

  it('reads at most about maxBytes a step a time, in whole lines, and a longer line whole', async () => {
    const w = await tailWorld();
    w.status(w.job.id, 'running', 'jobs');
    w.status(w.ids[0]!, 'running');
    w.log(w.ids[0]!, `${'a'.repeat(10)}\n${'b'.repeat(10)}\n${'c'.repeat(30)}\nd\n`);
    const one = await w.read([], [], 25);
    expect(one.updates[0]?.lines).toEqual(['a'.repeat(10), 'b'.repeat(10)]);
    expect(one.more).toBe(true);
    const two = await w.read(one.positions, [], 25);
    const t = w.deps.clock.now().getTime();
    expect(two.updates[0]).toEqual({
      stepNumber: 1,
      firstLine: 3,
      lines: ['c'.repeat(30), 'd'],
      times: [t, t],
    });
    expect(two.positions[0]).toEqual({ bytes: 55, lines: 4 });
  });

  it('reads nothing of a settled step again', async () => {
    const w = await tailWorld();
    w.status(w.job.id, 'running', 'jobs');
    w.status(w.ids[0]!, 'completed');
    w.log(w.ids[0]!, 'late\n');
    expect((await w.read([], [1])).updates).toEqual([]);
  });
});
