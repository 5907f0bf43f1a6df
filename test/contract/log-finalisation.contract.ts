/**
 * Log finalisation end to end on one backend (SPEC §11; issue #10 item 2, issue #12 fix 1):
 * chunks arrive through the runner API, the step ends (reported by the runner or ended by
 * the server), the outbox is drained, and the object, the step row and every read agree.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryObjectStore } from '../../src/adapters/memory/object-store.js';
import { readJobLog } from '../../src/domain/api/job-log.js';
import { cancelRun } from '../../src/domain/jobs/cancel-jobs.js';
import { convergeCancellations } from '../../src/domain/jobs/converge-cancellations.js';
import { expireOverdueJobs } from '../../src/domain/jobs/expire-overdue-jobs.js';
import { recoverLostRunners } from '../../src/domain/jobs/lost-runners.js';
import { finaliseDueLogs } from '../../src/domain/logs/finalise-due-logs.js';
import type { FinaliseDeps } from '../../src/domain/logs/finalise-step-log.js';
import { readStepLog } from '../../src/domain/logs/read-step-log.js';
import type { StepLogArchive } from '../../src/ports/step-log-archive.js';
import {
  b64,
  makeRunnerApiWorld,
  type RunnerApiStores,
  type RunnerApiWorld,
} from '../adapters/http/runner-api/runner-api-world.js';

export interface FinalisationBackend {
  fresh(): Promise<{ stores: RunnerApiStores; stepLogs: StepLogArchive }>;
  close(): Promise<void>;
}

const SECRET = 'correct-horse-battery';
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export function describeLogFinalisationContract(
  name: string,
  open: () => Promise<FinalisationBackend>,
): void {
  describe(`log finalisation: ${name}`, () => {
    let backend: FinalisationBackend;
    let w: RunnerApiWorld;
    let objects: MemoryObjectStore;
    let deps: FinaliseDeps;

    beforeAll(async () => {
      backend = await open();
    });
    afterAll(async () => {
      await backend?.close();
    });
    beforeEach(async () => {
      const { stores, stepLogs } = await backend.fresh();
      w = makeRunnerApiWorld(stores);
      objects = new MemoryObjectStore();
      deps = { ...stores, stepLogs, objects, clock: w.clock, secretBox: w.secretBox };
    });

    /** A claimed job of a repo with one secret; `send` follows the token chain. */
    async function claimedJob() {
      const runner = await w.runner();
      const repo = await w.repo();
      await w.secret(repo.id, 'HORSE', SECRET);
      const { run } = await w.enqueue(repo.id);
      const claim = (await (await w.heartbeat(runner.token)).json()) as {
        token: string;
        job: { id: number; steps: { id: number }[] };
      };
      let token = claim.token;
      const jobId = claim.job.id;
      const send = async (route: string, body: unknown) => {
        const res = await w.post(`/api/v1/jobs/${jobId}/${route}`, body, token);
        const json = (await res.json()) as { next_token?: string };
        if (json.next_token) token = json.next_token;
        return res.status;
      };
      const log = (stepId: number, seq: number, chunk: string) =>
        send('logs', { seq, chunk: b64(chunk), step_id: stepId });
      return { runId: run.id, jobId, stepIds: claim.job.steps.map((s) => s.id), send, log };
    }
    const read = async (stepId: number, range?: { offset: number; length?: number }) =>
      text((await readStepLog(deps, stepId, range)).bytes);

    it('archives an ended step byte for byte, records its SHA-256, and reads the same before and after', async () => {
      const job = await claimedJob();
      const [first] = job.stepIds;
      await job.log(first!, 0, 'line one\n');
      await job.log(first!, 1, 'pw=correct-ho');
      await job.log(first!, 2, 'rse-battery; tail\n');
      expect(await job.send(`steps/${first}/status`, { status: 'completed', conclusion: 'success' })).toBe(
        200,
      );
      const hot = await read(first!);
      const hotJob = text(await readJobLog(deps, { jobId: job.jobId }));
      expect(hot).toBe('line one\npw=***; tail\n');
      expect(await read(first!, { offset: 5, length: 8 })).toBe('one\npw=*');

      const round = await finaliseDueLogs(deps, { limit: 10 });
      expect(round).toMatchObject({ finalised: 1, chunksDeleted: 3, failed: [] });
      const stored = await deps.stepLogs.readStoredLog(first!);
      const key = `actions/runs/${job.runId}/jobs/${job.jobId}/steps/0.log`;
      expect(stored?.archived).toEqual({ key, byteCount: hot.length, sha256: sha256(hot) });
      expect(stored?.chunks).toEqual([]);
      expect(text(objects.objects.get(key)!)).toBe(hot);
      expect(sha256(text(objects.objects.get(key)!))).toBe(stored?.archived?.sha256);
      expect(await read(first!)).toBe(hot);
      expect(text(await readJobLog(deps, { jobId: job.jobId }))).toBe(hotJob);
      expect(await read(first!, { offset: 5, length: 8 })).toBe('one\npw=*');
      expect(await deps.stepLogs.listDue(w.clock.now(), 10)).toEqual([]);
      expect(await finaliseDueLogs(deps, { limit: 10 })).toMatchObject({ finalised: 0, chunksDeleted: 0 });
    });

    it.each([
      ['the deadline reaper', 'reaper'],
      ['lost-runner recovery', 'lost'],
      ['a cancel', 'cancel'],
    ] as const)('flushes the carry of a step ended by %s into its archived log', async (_name, how) => {
      const job = await claimedJob();
      const [first] = job.stepIds;
      await job.log(first!, 0, 'pw=correct-horse-battery; tail corr');
      expect(text((await readStepLog(deps, first!)).bytes)).toBe('pw=***; tail ');
      if (how === 'reaper') {
        w.clock.advance(31 * 60_000 + 61_000);
        await expireOverdueJobs(w.deps);
      } else if (how === 'lost') {
        w.clock.advance(10 * 60_000);
        await recoverLostRunners(w.deps, { lostAfterMs: 120_000 });
      } else {
        await cancelRun(w.deps, { runId: job.runId, reason: 'user' });
        w.clock.advance(10 * 60_000);
        await convergeCancellations(w.deps, { afterMs: 120_000 });
      }
      expect((await w.deps.runs.getJob(job.jobId))?.status).not.toBe('running');
      expect((await deps.stepLogs.readStoredLog(first!))?.hasCarry).toBe(true);
      await finaliseDueLogs(deps, { limit: 10 });
      const stored = await deps.stepLogs.readStoredLog(first!);
      expect(stored?.hasCarry).toBe(false);
      expect(stored?.archived?.byteCount).toBe('pw=***; tail corr'.length);
      expect(await read(first!)).toBe('pw=***; tail corr');
    });

    it('scrubs chunks still held ahead of a missing seq into the archive of a step the server ended', async () => {
      const job = await claimedJob();
      const [first] = job.stepIds;
      await job.log(first!, 0, 'start ');
      await job.log(first!, 2, 'pw=correct-ho');
      await job.log(first!, 3, 'rse-battery end');
      expect(await read(first!)).toBe('start ');
      await cancelRun(w.deps, { runId: job.runId, reason: 'user' });
      w.clock.advance(10 * 60_000);
      await convergeCancellations(w.deps, { afterMs: 120_000 });
      expect((await deps.stepLogs.readStoredLog(first!))?.hasCarry).toBe(true);
      await finaliseDueLogs(deps, { limit: 10 });
      expect((await deps.stepLogs.readStoredLog(first!))?.hasCarry).toBe(false);
      expect(await read(first!)).toBe('start pw=*** end');
    });

    it('re-uploads the same bytes after a crash between upload and record, losing nothing', async () => {
      const job = await claimedJob();
      const [first] = job.stepIds;
      await job.log(first!, 0, 'build output\n');
      await job.send(`steps/${first}/status`, { status: 'completed', conclusion: 'failure' });
      const crashing: StepLogArchive = Object.create(deps.stepLogs);
      crashing.recordArchive = async () => {
        throw new Error('process killed');
      };
      const round = await finaliseDueLogs({ ...deps, stepLogs: crashing }, { limit: 10 });
      expect(round.failed).toEqual([{ stepId: first, error: 'process killed' }]);
      const key = `actions/runs/${job.runId}/jobs/${job.jobId}/steps/0.log`;
      expect(text(objects.objects.get(key)!)).toBe('build output\n');
      expect(await read(first!)).toBe('build output\n');
      const [due] = await deps.stepLogs.listDue(new Date(w.clock.now().getTime() + 5_000), 10);
      expect(due).toEqual({ stepId: first, attempts: 1 });
      expect(await deps.stepLogs.listDue(w.clock.now(), 10)).toEqual([]);
      w.clock.advance(5_000);
      expect(await finaliseDueLogs(deps, { limit: 10 })).toMatchObject({ finalised: 1, chunksDeleted: 1 });
      expect(text(objects.objects.get(key)!)).toBe('build output\n');
      expect((await deps.stepLogs.readStoredLog(first!))?.archived?.sha256).toBe(sha256('build output\n'));
    });

    it('appends a chunk that arrives after finalisation, and reads it behind the object meanwhile', async () => {
      const job = await claimedJob();
      const [first] = job.stepIds;
      const t0 = w.clock.now().getTime();
      await job.log(first!, 0, 'before\n');
      await job.send(`steps/${first}/status`, { status: 'completed', conclusion: 'success' });
      await finaliseDueLogs(deps, { limit: 10 });
      expect((await readStepLog(deps, first!)).times).toEqual([[0, t0]]);
      w.clock.advance(61_001);
      expect(await job.log(first!, 1, 'late\n')).toBe(202);
      // When each part arrived is kept with the archive, and extended by the late chunk.
      const times = [
        [0, t0],
        [7, t0 + 61_001],
      ];
      expect((await readStepLog(deps, first!)).times).toEqual(times);
      expect(await deps.stepLogs.listDue(w.clock.now(), 10)).toEqual([{ stepId: first, attempts: 0 }]);
      expect(await read(first!)).toBe('before\nlate\n');
      expect(await read(first!, { offset: 4, length: 6 })).toBe('re\nlat');
      await finaliseDueLogs(deps, { limit: 10 });
      const stored = await deps.stepLogs.readStoredLog(first!);
      expect(stored?.archived).toMatchObject({ byteCount: 12, sha256: sha256('before\nlate\n') });
      expect(stored?.chunks).toEqual([]);
      expect(stored?.archivedTimes).toEqual(times);
      expect(await read(first!)).toBe('before\nlate\n');
    });

    it('queues every step a cancel ends, and clears the entries of steps that logged nothing', async () => {
      const { run, jobs } = await w.enqueue((await w.repo()).id);
      const steps = await w.deps.runs.listSteps([jobs[0]!.id]);
      expect(await deps.stepLogs.listDue(w.clock.now(), 10)).toEqual([]);
      await cancelRun(w.deps, { runId: run.id, reason: 'user' });
      const due = await deps.stepLogs.listDue(w.clock.now(), 10);
      expect(due.map((d) => d.stepId).sort()).toEqual(steps.map((s) => s.id).sort());
      expect(await finaliseDueLogs(deps, { limit: 10 })).toMatchObject({ finalised: 2, chunksDeleted: 0 });
      expect(objects.objects.size).toBe(0);
      expect((await deps.stepLogs.readStoredLog(steps[0]!.id))?.archived).toBeNull();
      expect(await deps.stepLogs.listDue(w.clock.now(), 10)).toEqual([]);
    });

    it('records nothing when the archive moved since the upload was built (stale)', async () => {
      const job = await claimedJob();
      const [first] = job.stepIds;
      await job.log(first!, 0, 'x\n');
      const archived = { key: 'actions/runs/1/jobs/1/steps/0.log', byteCount: 2, sha256: sha256('x\n') };
      const other = { ...archived, byteCount: 1 };
      const at = w.clock.now();
      expect(
        await deps.stepLogs.recordArchive(
          { stepId: first!, expected: other, archived, times: [], seqs: [0] },
          at,
        ),
      ).toBe('stale');
      expect((await deps.stepLogs.readStoredLog(first!))?.chunks.map((c) => c.seq)).toEqual([0]);
      expect(
        await deps.stepLogs.recordArchive(
          { stepId: 999_999, expected: null, archived, times: [], seqs: [] },
          at,
        ),
      ).toBe('gone');
    });
  });
}
