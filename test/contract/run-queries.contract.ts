import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cancelRun } from '../../src/domain/jobs/cancel-jobs.js';
import { plannedJob, plannedRun } from '../support/job-seed.js';
import type { RunReadBackend, RunReadWorld } from '../support/run-read-world.js';

/** Runs the RunQueries contract against one backend. */
export function describeRunQueriesContract(name: string, openBackend: () => Promise<RunReadBackend>): void {
  describe(`RunQueries contract: ${name}`, () => {
    let backend: RunReadBackend;
    let w: RunReadWorld;

    beforeAll(async () => {
      backend = await openBackend();
    });
    afterAll(async () => {
      await backend?.close();
    });
    beforeEach(async () => {
      w = await backend.fresh();
    });

    /** Five runs of one repo (ids ascending) plus one of another repo. */
    async function fixture() {
      const actor = await w.seed.user('ada');
      const repoId = await w.seed.repo();
      const otherRepo = await w.seed.repo();
      const enqueue = async (extra: Parameters<typeof plannedRun>[1]) =>
        (await w.runs.enqueueRun(plannedRun(repoId, extra), w.clock.now())).run;
      const pushed = await enqueue({ actorUserId: actor });
      const dispatched = await enqueue({
        event: 'workflow_dispatch',
        workflowFile: '.shithub/workflows/deploy.yml',
      });
      const onBranch = await enqueue({ headRef: 'refs/heads/feature', actorUserId: actor });
      const failed = await enqueue({ diagnostics: [{ message: 'bad yaml' }], jobs: [] });
      const cancelled = await enqueue({});
      await cancelRun(w, { runId: cancelled.id, reason: 'user' });
      await w.runs.enqueueRun(plannedRun(otherRepo), w.clock.now());
      return { actor, repoId, pushed, dispatched, onBranch, failed, cancelled };
    }
    const page = { limit: 100, offset: 0 };
    const ids = (runs: { id: number }[]) => runs.map((r) => r.id);

    it('lists only the repository’s runs, newest first, with the total count', async () => {
      const f = await fixture();
      const { totalCount, runs } = await w.runQueries.listRuns({ repoId: f.repoId }, page);
      expect(totalCount).toBe(5);
      expect(ids(runs)).toEqual([f.cancelled.id, f.failed.id, f.onBranch.id, f.dispatched.id, f.pushed.id]);
      expect(runs[0]).toMatchObject({ status: 'completed', conclusion: 'cancelled', repoId: f.repoId });
    });

    it('pages by limit and offset while the total stays the whole count', async () => {
      const f = await fixture();
      const second = await w.runQueries.listRuns({ repoId: f.repoId }, { limit: 2, offset: 2 });
      expect(second.totalCount).toBe(5);
      expect(ids(second.runs)).toEqual([f.onBranch.id, f.dispatched.id]);
      const past = await w.runQueries.listRuns({ repoId: f.repoId }, { limit: 2, offset: 10 });
      expect(past).toEqual({ totalCount: 5, runs: [] });
    });

    it('filters by status, conclusion, event, ref, workflow file and actor, all at once', async () => {
      const f = await fixture();
      const list = async (filter: object) =>
        ids((await w.runQueries.listRuns({ repoId: f.repoId, ...filter }, page)).runs);
      expect(await list({ statuses: ['queued'] })).toEqual([f.onBranch.id, f.dispatched.id, f.pushed.id]);
      expect(await list({ statuses: ['completed', 'cancelled'] })).toEqual([f.cancelled.id, f.failed.id]);
      expect(await list({ statuses: [] })).toEqual([]);
      expect(await list({ conclusion: 'failure' })).toEqual([f.failed.id]);
      expect(await list({ event: 'workflow_dispatch' })).toEqual([f.dispatched.id]);
      expect(await list({ headRefs: ['refs/heads/feature'] })).toEqual([f.onBranch.id]);
      expect(await list({ workflowFiles: ['deploy.yml', '.shithub/workflows/deploy.yml'] })).toEqual([
        f.dispatched.id,
      ]);
      expect(await list({ actorUserId: f.actor })).toEqual([f.onBranch.id, f.pushed.id]);
      expect(
        await list({ actorUserId: f.actor, headRefs: ['refs/heads/trunk'], statuses: ['queued'] }),
      ).toEqual([f.pushed.id]);
      const counted = await w.runQueries.listRuns(
        { repoId: f.repoId, actorUserId: f.actor },
        { limit: 1, offset: 0 },
      );
      expect(counted.totalCount).toBe(2);
    });

    it('finds one run by its per-repository index', async () => {
      const f = await fixture();
      const found = await w.runQueries.listRuns({ repoId: f.repoId, runIndex: f.dispatched.runIndex }, page);
      expect(found).toMatchObject({ totalCount: 1, runs: [{ id: f.dispatched.id }] });
      expect((await w.runQueries.listRuns({ repoId: f.repoId, runIndex: 99 }, page)).runs).toEqual([]);
    });

    it('answers an empty page for a repository without runs', async () => {
      const repoId = await w.seed.repo();
      expect(await w.runQueries.listRuns({ repoId }, page)).toEqual({ totalCount: 0, runs: [] });
    });

    it('returns stored log chunks by step, then seq, for the asked steps only', async () => {
      const repoId = await w.seed.repo();
      const { jobs } = await w.runs.enqueueRun(
        plannedRun(repoId, { jobs: [plannedJob('build')] }),
        w.clock.now(),
      );
      const [first, second] = await w.runs.listSteps([jobs[0]!.id]);
      await w.addLogChunk(second!.id, 1, 'b1');
      await w.addLogChunk(first!.id, 1, 'a1\n');
      await w.addLogChunk(second!.id, 0, 'b0');
      await w.addLogChunk(first!.id, 0, 'a0\n');
      const chunks = await w.runQueries.listLogChunks([second!.id, first!.id]);
      const text = chunks.map((c) => [c.stepId, c.seq, new TextDecoder().decode(c.chunk)]);
      expect(text).toEqual([
        [first!.id, 0, 'a0\n'],
        [first!.id, 1, 'a1\n'],
        [second!.id, 0, 'b0'],
        [second!.id, 1, 'b1'],
      ]);
      expect((await w.runQueries.listLogChunks([first!.id])).map((c) => c.seq)).toEqual([0, 1]);
      expect(await w.runQueries.listLogChunks([])).toEqual([]);
      expect(await w.runQueries.listLogChunks([999_999])).toEqual([]);
    });

    it('has no approval row for a run until one is recorded', async () => {
      const repoId = await w.seed.repo();
      const { run } = await w.runs.enqueueRun(plannedRun(repoId, { needApproval: true }), w.clock.now());
      expect(await w.runQueries.getRunApproval(run.id)).toBeUndefined();
      await w.requestApproval(run.id, 'outside contributor', run.createdAt);
      expect(await w.runQueries.getRunApproval(run.id)).toEqual({
        runId: run.id,
        requestedReason: 'outside contributor',
        requestedAt: run.createdAt,
        approvedByUserId: null,
        approvedAt: null,
        rejectedByUserId: null,
        rejectedAt: null,
      });
    });
  });
}
