import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APPROVAL_REQUESTED_REASON, approveRun, rejectRun } from '../../src/domain/jobs/approve-run.js';
import { plannedJob, plannedRun } from '../support/job-seed.js';
import type { RunReadBackend, RunReadWorld } from '../support/run-read-world.js';
import { failure } from './job-lifecycle.contract.js';

/** Approve and reject (SPEC §12) through the domain, and the ledger's approval row, on one backend. */
export function describeRunApprovalContract(name: string, openBackend: () => Promise<RunReadBackend>): void {
  describe(`Run approval contract: ${name}`, () => {
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

    async function awaitingRun(needApproval = true) {
      const repoId = await w.seed.repo();
      const maintainer = await w.seed.user();
      const runnerId = await w.seed.runner({ capacity: 4 });
      const jobs = [plannedJob('build'), plannedJob('test', { needsJobs: ['build'] })];
      const { run } = await w.runs.enqueueRun(
        plannedRun(repoId, { needApproval, event: 'pull_request', jobs }),
        w.clock.now(),
      );
      w.clock.advance(5_000);
      return { run, maintainer, runnerId };
    }
    const claim = (runnerId: number) => w.queue.claim({ runnerId, now: w.clock.now() });

    it('approves a waiting run: records who and when, and its jobs become claimable', async () => {
      const { run, maintainer, runnerId } = await awaitingRun();
      expect((await claim(runnerId)).kind).toBe('no_job');
      const { run: approved, changedJobs } = await approveRun(w, { runId: run.id, userId: maintainer });
      expect(approved).toMatchObject({ id: run.id, status: 'queued', approvedByUserId: maintainer });
      expect(changedJobs).toBe(0);
      expect(await w.runQueries.getRunApproval(run.id)).toEqual({
        runId: run.id,
        requestedReason: APPROVAL_REQUESTED_REASON,
        requestedAt: run.createdAt,
        approvedByUserId: maintainer,
        approvedAt: w.clock.now(),
        rejectedByUserId: null,
        rejectedAt: null,
      });
      const claimed = await claim(runnerId);
      expect(claimed.kind === 'claimed' && claimed.job.jobKey).toBe('build');
    });

    it('keeps the reason of an approval request the trigger recorded', async () => {
      const { run, maintainer } = await awaitingRun();
      await w.requestApproval(run.id, 'fork pull request', run.createdAt);
      await approveRun(w, { runId: run.id, userId: maintainer });
      expect(await w.runQueries.getRunApproval(run.id)).toMatchObject({
        requestedReason: 'fork pull request',
        approvedByUserId: maintainer,
      });
    });

    it('rejects a waiting run: queued jobs end cancelled/action_required and the run completes', async () => {
      const { run, maintainer, runnerId } = await awaitingRun();
      const { run: rejected, changedJobs } = await rejectRun(w, { runId: run.id, userId: maintainer });
      expect(changedJobs).toBe(2);
      expect(rejected).toMatchObject({
        status: 'completed',
        conclusion: 'action_required',
        approvedByUserId: null,
      });
      const jobs = await w.runs.listJobs(run.id);
      expect(jobs.map((j) => [j.status, j.conclusion, j.statusReason])).toEqual([
        ['cancelled', 'action_required', 'approval_rejected'],
        ['cancelled', 'action_required', 'approval_rejected'],
      ]);
      const steps = await w.runs.listSteps(jobs.map((j) => j.id));
      expect(new Set(steps.map((s) => `${s.status}/${s.conclusion}`))).toEqual(
        new Set(['cancelled/cancelled']),
      );
      expect(await w.runQueries.getRunApproval(run.id)).toMatchObject({
        approvedByUserId: null,
        rejectedByUserId: maintainer,
        rejectedAt: w.clock.now(),
      });
      expect((await claim(runnerId)).kind).toBe('no_job');
    });

    it.each([
      ['approve', approveRun],
      ['reject', rejectRun],
    ] as const)('refuses to %s a run that needs no approval, and changes nothing', async (_, decide) => {
      const { run, maintainer } = await awaitingRun(false);
      expect(await failure(decide(w, { runId: run.id, userId: maintainer }))).toEqual({
        kind: 'conflict',
        code: 'run.not_awaiting_approval',
        message: 'run is not awaiting approval',
      });
      expect(await w.runs.getRun(run.id)).toEqual(run);
      expect(await w.runQueries.getRunApproval(run.id)).toBeUndefined();
    });

    it.each([
      ['approve', approveRun],
      ['reject', rejectRun],
    ] as const)('refuses to %s a run already approved or rejected', async (_, decide) => {
      const approved = await awaitingRun();
      await approveRun(w, { runId: approved.run.id, userId: approved.maintainer });
      const rejected = await awaitingRun();
      await rejectRun(w, { runId: rejected.run.id, userId: rejected.maintainer });
      for (const { run, maintainer } of [approved, rejected]) {
        const before = await w.runQueries.getRunApproval(run.id);
        expect(await failure(decide(w, { runId: run.id, userId: maintainer }))).toMatchObject({
          code: 'run.not_awaiting_approval',
        });
        expect(await w.runQueries.getRunApproval(run.id)).toEqual(before);
      }
    });

    it('answers not_found for an unknown run', async () => {
      expect(await failure(approveRun(w, { runId: 4242, userId: 1 }))).toEqual({
        kind: 'not_found',
        code: 'run.not_found',
        message: 'run 4242 not found',
      });
    });

    it('lets a later decision replace the earlier one in the approval row', async () => {
      const { run, maintainer } = await awaitingRun();
      const other = await w.seed.user();
      const at = w.clock.now();
      const first = await w.lifecycle.transaction(at, (ledger) =>
        ledger.recordApprovalDecision(run.id, {
          decision: 'approved',
          userId: maintainer,
          at,
          requestedReason: 'r',
        }),
      );
      expect(first).toMatchObject({
        requestedReason: 'r',
        approvedByUserId: maintainer,
        rejectedByUserId: null,
      });
      const later = new Date(at.getTime() + 1000);
      const second = await w.lifecycle.transaction(later, (ledger) =>
        ledger.recordApprovalDecision(run.id, {
          decision: 'rejected',
          userId: other,
          at: later,
          requestedReason: 'x',
        }),
      );
      expect(second).toEqual({
        runId: run.id,
        requestedReason: 'r',
        requestedAt: run.createdAt,
        approvedByUserId: null,
        approvedAt: null,
        rejectedByUserId: other,
        rejectedAt: later,
      });
      expect(await w.runQueries.getRunApproval(run.id)).toEqual(second);
    });

    it('rolls the approval row back with the rest of a failed transaction', async () => {
      const { run, maintainer } = await awaitingRun();
      const at = w.clock.now();
      const failed = w.lifecycle.transaction(at, async (ledger) => {
        await ledger.recordApprovalDecision(run.id, {
          decision: 'approved',
          userId: maintainer,
          at,
          requestedReason: 'r',
        });
        await ledger.updateRun(run.id, { approvedByUserId: maintainer });
        throw new Error('boom');
      });
      await expect(failed).rejects.toThrow('boom');
      expect(await w.runQueries.getRunApproval(run.id)).toBeUndefined();
      expect((await w.runs.getRun(run.id))?.approvedByUserId).toBeNull();
    });
  });
}
