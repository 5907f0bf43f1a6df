import { describe, expect, it } from 'vitest';
import { listRunningJobs } from '../../src/domain/jobs/list-running-jobs.js';
import { explainWaitingJobs, summariseQueue } from '../../src/domain/jobs/summarise-queue.js';
import type { JobWorld } from '../support/job-seed.js';
import { plannedJob, plannedRun } from '../support/job-seed.js';

const MINUTE = 60_000;

/** The read-only views of the queue; runs inside a JobQueue contract suite. */
export function describeJobQueueViews(world: () => JobWorld): void {
  describe('queue views', () => {
    const jobsOn = (...sets: string[][]) => sets.map((runsOn, i) => plannedJob(`j${i}`, { runsOn }));

    it('groups waiting jobs by requested label set with counts and the oldest job', async () => {
      const w = world();
      const repo = await w.seed.repo();
      const first = await w.runs.enqueueRun(
        plannedRun(repo, { jobs: jobsOn(['linux'], [], ['linux']) }),
        w.clock.now(),
      );
      w.clock.advance(MINUTE);
      await w.runs.enqueueRun(plannedRun(repo, { jobs: jobsOn(['windows-latest']) }), w.clock.now());
      const groups = await w.queue.listQueueGroups();
      const byLabels = Object.fromEntries(groups.map((g) => [g.runsOn.join(','), g]));
      expect(Object.keys(byLabels).sort()).toEqual(['', 'linux', 'windows-latest']);
      expect(byLabels['linux']).toMatchObject({ queuedJobs: 2, oldestJobId: first.jobs[0]!.id });
      expect(byLabels['linux']?.oldestQueuedAt).toEqual(new Date(w.clock.now().getTime() - MINUTE));
      expect(byLabels['windows-latest']?.queuedJobs).toBe(1);
    });

    it('leaves claimed and cancel-requested jobs out of the groups', async () => {
      const w = world();
      const { jobs } = await w.runs.enqueueRun(
        plannedRun(await w.seed.repo(), { jobs: jobsOn([], [], []) }),
        w.clock.now(),
      );
      await w.queue.claim({ runnerId: await w.seed.runner(), now: w.clock.now() });
      await w.lifecycle.transaction(w.clock.now(), (l) =>
        l.updateJob(jobs[1]!.id, { cancelRequested: true }),
      );
      expect(await w.queue.listQueueGroups()).toMatchObject([
        { runsOn: [], queuedJobs: 1, oldestJobId: jobs[2]!.id },
      ]);
    });

    it('loads a wait context with needs, running counts, policy and the blocking run', async () => {
      const w = world();
      const org = await w.seed.org();
      const repo = await w.seed.repo({ ownerOrgId: org });
      await w.seed.orgPolicy(org, { maxOwnerConcurrentJobs: 9 });
      await w.seed.repoPolicy(repo, { actionsEnabled: 'enabled' });
      const older = await w.runs.enqueueRun(plannedRun(repo, { concurrencyGroup: 'g' }), w.clock.now());
      w.clock.advance(1000);
      const { jobs } = await w.runs.enqueueRun(
        plannedRun(repo, {
          concurrencyGroup: 'g',
          jobs: [plannedJob('a'), plannedJob('b', { needsJobs: ['a'] })],
        }),
        w.clock.now(),
      );
      await w.queue.claim({ runnerId: await w.seed.runner(), now: w.clock.now() });
      const [ctx] = await w.queue.loadWaitContexts([jobs[1]!.id, 999]);
      expect(ctx).toMatchObject({
        job: { id: jobs[1]!.id },
        needs: [{ jobKey: 'a', status: 'queued', conclusion: null }],
        blockingRunId: older.run.id,
        repoRunningJobs: 1,
        ownerRunningJobs: 1,
        policy: { org: { maxOwnerConcurrentJobs: 9 }, repo: { actionsEnabled: 'enabled' } },
      });
      expect(ctx?.policy.site).toMatchObject({ actionsEnabled: true, maxRepoConcurrentJobs: 20 });
      expect(await w.queue.loadWaitContexts([])).toEqual([]);
    });

    it('lists every runner with its running-job count', async () => {
      const w = world();
      const busy = await w.seed.runner({ capacity: 2 });
      const idle = await w.seed.runner();
      await w.runs.enqueueRun(plannedRun(await w.seed.repo()), w.clock.now());
      await w.queue.claim({ runnerId: busy, now: w.clock.now() });
      const loads = (await w.queue.listRunnerLoads()).filter((l) => [busy, idle].includes(l.runner.id));
      expect(loads.map((l) => [l.runner.id, l.runningJobs])).toEqual([
        [busy, 1],
        [idle, 0],
      ]);
    });

    it('lists running jobs with their run, repository and runner, optionally for one runner', async () => {
      const w = world();
      const r1 = await w.seed.runner({ name: 'r1' });
      const r2 = await w.seed.runner({ name: 'r2' });
      const repo = await w.seed.repo({ name: 'app' });
      await w.runs.enqueueRun(plannedRun(repo, { jobs: jobsOn([], []) }), w.clock.now());
      await w.queue.claim({ runnerId: r1, now: w.clock.now() });
      w.clock.advance(MINUTE);
      await w.queue.claim({ runnerId: r2, now: w.clock.now() });
      const all = await w.queue.listRunningJobs({ limit: 10 });
      expect(all.map((v) => [v.job.jobKey, v.runner?.name, v.repository.endsWith('/app')])).toEqual([
        ['j0', 'r1', true],
        ['j1', 'r2', true],
      ]);
      expect((await w.queue.listRunningJobs({ runnerId: r2, limit: 10 })).map((v) => v.job.jobKey)).toEqual([
        'j1',
      ]);
      expect(await w.queue.listRunningJobs({ limit: 1 })).toHaveLength(1);
    });

    it('summarises the queue: an unsupported label shows zero matching runners and why', async () => {
      const w = world();
      await w.seed.runner({ labels: ['ubuntu-latest'], lastHeartbeatAt: w.clock.now() });
      await w.runs.enqueueRun(
        plannedRun(await w.seed.repo(), { jobs: jobsOn(['windows-latest']) }),
        w.clock.now(),
      );
      w.clock.advance(90_000);
      const [row] = await summariseQueue(w, { staleAfterMs: 5 * MINUTE });
      expect(row).toMatchObject({
        runsOn: 'windows-latest',
        queuedJobs: 1,
        matchingRunnerCount: 0,
        oldestQueuedSeconds: 90,
        waitingReason: {
          code: 'no_matching_runner',
          message: 'Waiting for runner with labels: windows-latest',
        },
      });
    });

    it('explains each waiting job and leaves out jobs that are not waiting', async () => {
      const w = world();
      const { jobs } = await w.runs.enqueueRun(
        plannedRun(await w.seed.repo(), { jobs: [plannedJob('a'), plannedJob('b', { needsJobs: ['a'] })] }),
        w.clock.now(),
      );
      await w.queue.claim({ runnerId: await w.seed.runner({ lastHeartbeatAt: null }), now: w.clock.now() });
      const reasons = await explainWaitingJobs(w, { jobIds: jobs.map((j) => j.id) });
      expect([...reasons.keys()]).toEqual([jobs[1]!.id]);
      expect(reasons.get(jobs[1]!.id)).toMatchObject({ code: 'needs', detail: 'a' });
    });

    it('lists running jobs for admin with ages from the clock', async () => {
      const w = world();
      const runner = await w.seed.runner({ name: 'r1' });
      await w.runs.enqueueRun(plannedRun(await w.seed.repo(), { jobs: jobsOn(['linux']) }), w.clock.now());
      await w.queue.claim({ runnerId: runner, now: w.clock.now(), labels: ['linux'] });
      w.clock.advance(42_000);
      const [row] = await listRunningJobs(w, { runnerId: runner });
      expect(row).toMatchObject({
        runsOn: 'linux',
        status: 'running',
        runnerName: 'r1',
        runnerStatus: 'busy',
        runnerLastHeartbeatAgeSeconds: 42,
        startedAgeSeconds: 42,
        cancelRequested: false,
      });
    });
  });
}
