import { describe, expect, it } from 'vitest';
import { updateJobStatus } from '../../src/domain/jobs/update-job-status.js';
import type { ClaimOutcome } from '../../src/ports/model/queue.js';
import type { JobWorld } from '../support/job-seed.js';
import { plannedJob, plannedRun } from '../support/job-seed.js';

const kindOrKey = (o: ClaimOutcome) => (o.kind === 'claimed' ? o.job.jobKey : o.kind);

/** One `it` per claim predicate of SPEC §9.1; runs inside a JobQueue contract suite. */
export function describeJobQueuePredicates(world: () => JobWorld): void {
  describe('claim predicates', () => {
    const enqueue = async (repoId: number, keys: string[], extra: Parameters<typeof plannedRun>[1] = {}) =>
      world().runs.enqueueRun(
        plannedRun(repoId, { jobs: keys.map((k) => plannedJob(k)), ...extra }),
        world().clock.now(),
      );
    const runnerWith = (labels: string[], capacity = 8) => world().seed.runner({ labels, capacity });
    const claimBy = async (runnerId: number, labels?: string[]) =>
      kindOrKey(
        await world().queue.claim({ runnerId, now: world().clock.now(), ...(labels ? { labels } : {}) }),
      );
    const finish = (jobId: number, runnerId: number, conclusion = 'success') =>
      updateJobStatus(world(), { jobId, runnerId, status: 'completed', conclusion });

    it('requires every requested label on the runner (multi-label)', async () => {
      const w = world();
      const repo = await w.seed.repo();
      await w.runs.enqueueRun(
        plannedRun(repo, { jobs: [plannedJob('gpu', { runsOn: ['linux', 'gpu'] })] }),
        w.clock.now(),
      );
      expect(await claimBy(await runnerWith(['linux']))).toBe('no_job');
      expect(await claimBy(await runnerWith(['gpu']))).toBe('no_job');
      expect(await claimBy(await runnerWith(['x64', 'gpu', 'linux']))).toBe('gpu');
    });

    it('matches a single requested label that the runner carries among others', async () => {
      const w = world();
      await w.runs.enqueueRun(
        plannedRun(await w.seed.repo(), { jobs: [plannedJob('a', { runsOn: ['ubuntu-latest'] })] }),
        w.clock.now(),
      );
      expect(await claimBy(await runnerWith(['self-hosted', 'ubuntu-latest']))).toBe('a');
    });

    it('gives a job with no requested labels to any runner, even one with no labels', async () => {
      const w = world();
      await enqueue(await w.seed.repo(), ['any']);
      expect(await claimBy(await runnerWith([]))).toBe('any');
    });

    it('matches against the labels sent with the heartbeat, not the stored ones', async () => {
      const w = world();
      await w.runs.enqueueRun(
        plannedRun(await w.seed.repo(), { jobs: [plannedJob('a', { runsOn: ['arm64'] })] }),
        w.clock.now(),
      );
      const runner = await runnerWith(['x64']);
      expect(await claimBy(runner)).toBe('no_job');
      expect(await claimBy(runner, ['arm64'])).toBe('a');
    });

    it('passes over a job whose run awaits approval until it is approved', async () => {
      const w = world();
      const repo = await w.seed.repo();
      const { run } = await enqueue(repo, ['pr'], { event: 'pull_request', needApproval: true });
      const runner = await runnerWith([]);
      expect(await claimBy(runner)).toBe('no_job');
      await w.seed.approveRun(run.id, await w.seed.user());
      expect(await claimBy(runner)).toBe('pr');
    });

    it('claims nothing while Actions are disabled for the site, whatever the repo says', async () => {
      const w = world();
      const repo = await w.seed.repo();
      await w.seed.repoPolicy(repo, { actionsEnabled: 'enabled' });
      await w.seed.sitePolicy({ actionsEnabled: false });
      await enqueue(repo, ['a']);
      expect(await claimBy(await runnerWith([]))).toBe('no_job');
    });

    it('claims nothing from an org that disabled Actions unless the repo enables them', async () => {
      const w = world();
      const org = await w.seed.org();
      const plain = await w.seed.repo({ ownerOrgId: org });
      const enabled = await w.seed.repo({ ownerOrgId: org });
      await w.seed.orgPolicy(org, { actionsEnabled: 'disabled' });
      await w.seed.repoPolicy(enabled, { actionsEnabled: 'enabled' });
      await enqueue(plain, ['plain']);
      await enqueue(enabled, ['enabled']);
      const runner = await runnerWith([]);
      expect(await claimBy(runner)).toBe('enabled');
      expect(await claimBy(runner)).toBe('no_job');
    });

    it('passes over a repo that disabled Actions and takes the next repo’s job', async () => {
      const w = world();
      const off = await w.seed.repo();
      await w.seed.repoPolicy(off, { actionsEnabled: 'disabled' });
      await enqueue(off, ['off']);
      await enqueue(await w.seed.repo(), ['on']);
      const runner = await runnerWith([]);
      expect(await claimBy(runner)).toBe('on');
      expect(await claimBy(runner)).toBe('no_job');
    });

    it('stops at the repo cap of running jobs and takes another repo’s job', async () => {
      const w = world();
      const capped = await w.seed.repo();
      await w.seed.repoPolicy(capped, { maxRepoConcurrentJobs: 1 });
      await enqueue(capped, ['c1', 'c2']);
      await enqueue(await w.seed.repo(), ['other']);
      const runner = await runnerWith([]);
      expect([await claimBy(runner), await claimBy(runner), await claimBy(runner)]).toEqual([
        'c1',
        'other',
        'no_job',
      ]);
    });

    it('pages past more capped jobs than the first batch holds to an older-queued job of another repo', async () => {
      // The PostgreSQL claim reads the queue in batches of 20, then 100: the 25 held jobs
      // fill the first batch, so only the keyset cursor reaches the claimable one.
      const w = world();
      const capped = await w.seed.repo();
      await w.seed.repoPolicy(capped, { maxRepoConcurrentJobs: 1 });
      const keys = Array.from({ length: 26 }, (_, i) => `c${i}`);
      await enqueue(capped, keys);
      const runner = await runnerWith([]);
      expect(await claimBy(runner)).toBe('c0');
      w.clock.advance(1000);
      await enqueue(await w.seed.repo(), ['other']);
      expect([await claimBy(runner), await claimBy(runner)]).toEqual(['other', 'no_job']);
    });

    it('stops at the owner cap across the owner’s repositories', async () => {
      const w = world();
      const org = await w.seed.org();
      await w.seed.orgPolicy(org, { maxOwnerConcurrentJobs: 2 });
      await enqueue(await w.seed.repo({ ownerOrgId: org }), ['a1', 'a2']);
      await enqueue(await w.seed.repo({ ownerOrgId: org }), ['b1']);
      await enqueue(await w.seed.repo(), ['elsewhere']);
      const runner = await runnerWith([]);
      const got = [
        await claimBy(runner),
        await claimBy(runner),
        await claimBy(runner),
        await claimBy(runner),
      ];
      expect(got).toEqual(['a1', 'a2', 'elsewhere', 'no_job']);
    });

    it('holds a job until every job it needs completed with success', async () => {
      const w = world();
      await w.runs.enqueueRun(
        plannedRun(await w.seed.repo(), {
          jobs: [
            plannedJob('build'),
            plannedJob('lint'),
            plannedJob('test', { needsJobs: ['build', 'lint'] }),
          ],
        }),
        w.clock.now(),
      );
      const runner = await runnerWith([]);
      const build = await w.queue.claim({ runnerId: runner, now: w.clock.now() });
      const lint = await w.queue.claim({ runnerId: runner, now: w.clock.now() });
      expect(await claimBy(runner)).toBe('no_job');
      if (build.kind !== 'claimed' || lint.kind !== 'claimed') throw new Error('expected claims');
      await finish(build.job.id, runner);
      expect(await claimBy(runner)).toBe('no_job');
      await finish(lint.job.id, runner);
      expect(await claimBy(runner)).toBe('test');
    });

    it('lets an always() job start once its failed dependency has ended', async () => {
      const w = world();
      await w.runs.enqueueRun(
        plannedRun(await w.seed.repo(), {
          jobs: [plannedJob('build'), plannedJob('report', { needsJobs: ['build'], ifExpr: 'always()' })],
        }),
        w.clock.now(),
      );
      const runner = await runnerWith([]);
      const build = await w.queue.claim({ runnerId: runner, now: w.clock.now() });
      expect(await claimBy(runner)).toBe('no_job');
      if (build.kind !== 'claimed') throw new Error('expected a claim');
      await finish(build.job.id, runner, 'failure');
      expect(await claimBy(runner)).toBe('report');
    });

    it('holds a run behind an older run of the same concurrency group until it finishes', async () => {
      const w = world();
      const repo = await w.seed.repo();
      await enqueue(repo, ['first'], { concurrencyGroup: 'deploy' });
      w.clock.advance(1000);
      await enqueue(repo, ['second'], { concurrencyGroup: 'deploy' });
      await enqueue(repo, ['elsewhere'], { concurrencyGroup: 'other' });
      const runner = await runnerWith([]);
      const first = await w.queue.claim({ runnerId: runner, now: w.clock.now() });
      expect(await claimBy(runner)).toBe('elsewhere');
      expect(await claimBy(runner)).toBe('no_job');
      if (first.kind !== 'claimed') throw new Error('expected a claim');
      await finish(first.job.id, runner);
      expect(await claimBy(runner)).toBe('second');
    });

    it('never holds runs with an empty concurrency group behind each other', async () => {
      const w = world();
      const repo = await w.seed.repo();
      await enqueue(repo, ['one']);
      await enqueue(repo, ['two']);
      const runner = await runnerWith([]);
      expect([await claimBy(runner), await claimBy(runner)]).toEqual(['one', 'two']);
    });

    it('passes over a queued job whose cancel was requested', async () => {
      const w = world();
      const { jobs } = await enqueue(await w.seed.repo(), ['a', 'b']);
      await w.lifecycle.transaction(w.clock.now(), (l) =>
        l.updateJob(jobs[0]!.id, { cancelRequested: true }),
      );
      expect(await claimBy(await runnerWith([]))).toBe('b');
    });

    it('passes over a queued job of a run that is no longer open', async () => {
      const w = world();
      const { run } = await enqueue(await w.seed.repo(), ['a']);
      await w.lifecycle.transaction(w.clock.now(), (l) =>
        l.updateRun(run.id, { status: 'completed', conclusion: 'failure' }),
      );
      expect(await claimBy(await runnerWith([]))).toBe('no_job');
    });
  });
}
