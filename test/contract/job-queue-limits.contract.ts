import { describe, expect, it } from 'vitest';
import { cancelJob } from '../../src/domain/jobs/cancel-jobs.js';
import { findJobBlocker } from '../../src/domain/jobs/job-blockers.js';
import { updateJobStatus } from '../../src/domain/jobs/update-job-status.js';
import type { ClaimOutcome } from '../../src/ports/model/queue.js';
import type { PlannedJob } from '../../src/ports/model/run.js';
import type { JobWorld } from '../support/job-seed.js';
import { plannedJob, plannedRun } from '../support/job-seed.js';

const kindOrKey = (o: ClaimOutcome) => (o.kind === 'claimed' ? o.job.jobKey : o.kind);

/**
 * The claim's own limits beyond SPEC §9.1's list (issue #12 fix 5): a matrix's
 * `max-parallel` and a job's own `concurrency` group, enforced by the claim and explained by
 * the waiting reason; runs inside a JobQueue contract suite.
 */
export function describeJobQueueLimits(world: () => JobWorld): void {
  describe('matrix max-parallel and job concurrency groups', () => {
    const matrix = (base: string, count: number, maxParallel: number): PlannedJob[] =>
      Array.from({ length: count }, (_, i) =>
        plannedJob(`${base}-${i + 1}`, { matrix: { i }, matrixGroup: base, maxParallel }),
      );
    const runner = () => world().seed.runner({ labels: [], capacity: 16 });
    const claim = async (runnerId: number) => world().queue.claim({ runnerId, now: world().clock.now() });
    const claimKey = async (runnerId: number) => kindOrKey(await claim(runnerId));
    const finish = (outcome: ClaimOutcome, runnerId: number) => {
      if (outcome.kind !== 'claimed') throw new Error(`expected a claim, got ${outcome.kind}`);
      return updateJobStatus(world(), {
        jobId: outcome.job.id,
        runnerId,
        status: 'completed',
        conclusion: 'success',
      });
    };
    const blockerOf = async (jobId: number) => {
      const [ctx] = await world().queue.loadWaitContexts([jobId]);
      return ctx ? findJobBlocker(ctx) : undefined;
    };

    it('runs at most max-parallel jobs of a matrix at once, then the next when one ends', async () => {
      const w = world();
      const repo = await w.seed.repo();
      const { jobs } = await w.runs.enqueueRun(
        plannedRun(repo, { jobs: [...matrix('test', 3, 2), plannedJob('lint')] }),
        w.clock.now(),
      );
      const r = await runner();
      const first = await claim(r);
      expect([kindOrKey(first), await claimKey(r), await claimKey(r), await claimKey(r)]).toEqual([
        'test-1',
        'test-2',
        'lint',
        'no_job',
      ]);
      expect(await blockerOf(jobs[2]!.id)).toEqual({ code: 'max_parallel', detail: '2' });
      await finish(first, r);
      expect(await blockerOf(jobs[2]!.id)).toBeNull();
      expect(await claimKey(r)).toBe('test-3');
    });

    it('counts max-parallel per run: the same matrix in another run is not held', async () => {
      const w = world();
      const repo = await w.seed.repo();
      await w.runs.enqueueRun(plannedRun(repo, { jobs: matrix('test', 2, 1) }), w.clock.now());
      await w.runs.enqueueRun(plannedRun(repo, { jobs: matrix('test', 2, 1) }), w.clock.now());
      const r = await runner();
      const keys = [await claimKey(r), await claimKey(r), await claimKey(r)];
      expect(keys).toEqual(['test-1', 'test-1', 'no_job']);
    });

    it('runs one job of a job-level concurrency group at a time in a repository, oldest first', async () => {
      const w = world();
      const repo = await w.seed.repo();
      const other = await w.seed.repo();
      const deploy = (key: string) => plannedJob(key, { concurrencyGroup: 'deploy' });
      await w.runs.enqueueRun(
        plannedRun(repo, { jobs: [deploy('ship-1'), plannedJob('test')] }),
        w.clock.now(),
      );
      w.clock.advance(1000);
      const second = await w.runs.enqueueRun(plannedRun(repo, { jobs: [deploy('ship-2')] }), w.clock.now());
      await w.runs.enqueueRun(plannedRun(other, { jobs: [deploy('elsewhere')] }), w.clock.now());
      const r = await runner();
      const first = await claim(r);
      expect([kindOrKey(first), await claimKey(r), await claimKey(r), await claimKey(r)]).toEqual([
        'ship-1',
        'test',
        'elsewhere',
        'no_job',
      ]);
      expect(await blockerOf(second.jobs[0]!.id)).toEqual({ code: 'concurrency_group', detail: 'deploy' });
      await finish(first, r);
      expect(await claimKey(r)).toBe('ship-2');
    });

    it('lets the next job of a group start once the running one was asked to cancel', async () => {
      const w = world();
      const repo = await w.seed.repo();
      const deploy = (key: string) => plannedJob(key, { concurrencyGroup: 'deploy' });
      await w.runs.enqueueRun(plannedRun(repo, { jobs: [deploy('old')] }), w.clock.now());
      await w.runs.enqueueRun(plannedRun(repo, { jobs: [deploy('new')] }), w.clock.now());
      const r = await runner();
      const old = await claim(r);
      expect(await claimKey(r)).toBe('no_job');
      if (old.kind !== 'claimed') throw new Error('expected a claim');
      await cancelJob(w, { jobId: old.job.id, reason: 'concurrency' });
      expect(await claimKey(r)).toBe('new');
    });

    it('never holds jobs without a group behind each other', async () => {
      const w = world();
      const repo = await w.seed.repo();
      await w.runs.enqueueRun(plannedRun(repo, { jobs: [plannedJob('a'), plannedJob('b')] }), w.clock.now());
      const r = await runner();
      expect([await claimKey(r), await claimKey(r)]).toEqual(['a', 'b']);
    });
  });
}
