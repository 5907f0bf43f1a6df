import { beforeEach, describe, expect, it } from 'vitest';
import { updateJobStatus } from '../../../../src/domain/jobs/update-job-status.js';
import type { Repo } from '../../../../src/ports/model/forge.js';
import { plannedJob } from '../../../support/job-seed.js';
import { makePatWorld, type PatWorld } from './pat-world.js';

describe('PAT API: cancel and rerun', () => {
  let w: PatWorld;
  let token: string;
  let repo: Repo;

  beforeEach(async () => {
    w = makePatWorld();
    ({ token } = await w.userWithToken('ada'));
    repo = await w.repo('ada', 'app');
  });

  const post = (path: string, body?: unknown) => w.call('POST', path, { token, body });

  /** A run of two jobs where `build` runs on a runner and `lint` stays queued. */
  async function halfRunning() {
    const { run, jobs } = await w.enqueue(repo.id, {
      jobs: [plannedJob('build', { runsOn: ['ubuntu-latest'] }), plannedJob('lint', { runsOn: ['macos'] })],
    });
    const runnerId = w.runner();
    await w.queue.claim({ runnerId, now: w.clock.now() });
    return { run, build: jobs[0]!, lint: jobs[1]!, runnerId };
  }

  async function finishedRun() {
    const { run, build, lint, runnerId } = await halfRunning();
    await updateJobStatus(w.deps, { jobId: build.id, runnerId, status: 'completed', conclusion: 'success' });
    await post(`/api/v1/jobs/${lint.id}/cancel`);
    return { run: (await w.runs.getRun(run.id))!, build, lint };
  }

  describe('job cancel', () => {
    it('cancels a queued job at once and answers 202 with the run state', async () => {
      const { run, lint } = await halfRunning();
      const res = await post(`/api/v1/jobs/${lint.id}/cancel`);
      expect(res.status).toBe(202);
      expect(res.json).toEqual({
        job_id: lint.id,
        run_id: run.id,
        repo_id: repo.id,
        changed_jobs: 1,
        run_completed: false,
        run_conclusion: null,
      });
      expect(await w.runs.getJob(lint.id)).toMatchObject({ status: 'cancelled', conclusion: 'cancelled' });
      expect(w.metrics.counter('jobs_cancelled_total', { reason: 'user' })).toBe(1);
    });

    it('asks the runner to cancel a running job and leaves it running', async () => {
      const { build } = await halfRunning();
      const res = await post(`/api/v1/jobs/${build.id}/cancel`);
      expect(res.json).toMatchObject({ changed_jobs: 1, run_completed: false });
      expect(await w.runs.getJob(build.id)).toMatchObject({ status: 'running', cancelRequested: true });
      const again = await post(`/api/v1/jobs/${build.id}/cancel`);
      expect(again.json).toMatchObject({ changed_jobs: 0 });
    });

    it('answers 202 with changed_jobs 0 for a finished job and counts nothing', async () => {
      const { run, lint } = await finishedRun();
      const before = w.metrics.counter('jobs_cancelled_total', { reason: 'user' });
      const res = await post(`/api/v1/jobs/${lint.id}/cancel`);
      expect(res.status).toBe(202);
      expect(res.json).toEqual({
        job_id: lint.id,
        run_id: run.id,
        repo_id: repo.id,
        changed_jobs: 0,
        run_completed: true,
        run_conclusion: 'cancelled',
      });
      expect(w.metrics.counter('jobs_cancelled_total', { reason: 'user' })).toBe(before);
    });

    it.each([
      ['an unknown id', '/api/v1/jobs/4242/cancel', 'job 4242 not found'],
      ['a non-numeric id', '/api/v1/jobs/abc/cancel', 'job abc not found'],
      [
        'an id past the safe range',
        '/api/v1/jobs/99999999999999999/cancel',
        'job 99999999999999999 not found',
      ],
    ])('answers 404 job.not_found for %s', async (_, path, error) => {
      const res = await post(path);
      expect(res.status).toBe(404);
      expect(res.json).toEqual({ error, code: 'job.not_found' });
    });
  });

  describe('run cancel', () => {
    it('cancels every open job of the run', async () => {
      const { run, build, lint } = await halfRunning();
      const res = await post(`/api/v1/runs/${run.id}/cancel`);
      expect(res.status).toBe(202);
      expect(res.json).toEqual({
        run_id: run.id,
        repo_id: repo.id,
        changed_jobs: 2,
        run_completed: false,
        run_conclusion: null,
      });
      expect((await w.runs.getJob(build.id))?.cancelRequested).toBe(true);
      expect((await w.runs.getJob(lint.id))?.status).toBe('cancelled');
      expect(w.metrics.counter('jobs_cancelled_total', { reason: 'user' })).toBe(2);
    });
  });

  describe('bad requests change nothing', () => {
    it.each([
      ['an unknown body field', { reason: 'x' }, 'request.body_invalid', 'unknown field "reason"'],
      ['a body that is not an object', [1], 'request.body_invalid', 'request body must be a JSON object'],
      ['a null body', 'null', 'request.body_invalid', 'request body must be a JSON object'],
      ['text that is not JSON', '{"oops"', 'request.json_invalid', 'request body is not valid JSON'],
    ])('answers 400 for %s', async (_, body, code, error) => {
      const { lint } = await halfRunning();
      const res = await post(`/api/v1/jobs/${lint.id}/cancel`, body);
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ error, code });
      expect((await w.runs.getJob(lint.id))?.status).toBe('queued');
    });

    it('answers 400 for an unknown or repeated query parameter', async () => {
      const { run } = await halfRunning();
      const unknown = await post(`/api/v1/runs/${run.id}/cancel?force=1`);
      expect(unknown.json).toEqual({
        error: 'unknown query parameter "force"',
        code: 'request.query_invalid',
      });
      const twice = await post(`/api/v1/runs/${run.id}/rerun?failed_only=true&failed_only=false`);
      expect(twice.status).toBe(400);
    });

    it('answers 413 for a body over the limit and closes the connection', async () => {
      const { lint } = await halfRunning();
      const res = await post(`/api/v1/jobs/${lint.id}/cancel`, `{"x":"${'a'.repeat(600 * 1024)}"}`);
      expect(res.status).toBe(413);
      expect(res.json).toMatchObject({ code: 'request.too_large' });
      expect(res.headers.get('connection')).toBe('close');
    });
  });

  describe('rerun', () => {
    it('enqueues a new run with the next index, the source as parent and the same commit', async () => {
      const { run } = await finishedRun();
      const res = await post(`/api/v1/runs/${run.id}/rerun`);
      expect(res.status).toBe(201);
      const body = res.json as { run_id: number };
      expect(body).toEqual({
        run_id: body.run_id,
        run_index: run.runIndex + 1,
        parent_run_id: run.id,
        repo_id: repo.id,
        workflow_file: run.workflowFile,
        head_sha: run.headSha,
      });
      expect(body.run_id).not.toBe(run.id);
      const rerun = await w.runs.getRun(body.run_id);
      expect(rerun).toMatchObject({ status: 'queued', headRef: run.headRef, actorUserId: 1 });
    });

    it('re-queues only the failed jobs with failed_only=true', async () => {
      const { run } = await finishedRun();
      const res = await post(`/api/v1/runs/${run.id}/rerun?failed_only=true`);
      const jobs = await w.runs.listJobs((res.json as { run_id: number }).run_id);
      expect(jobs.map((j) => [j.jobKey, j.status, j.conclusion])).toEqual([
        ['build', 'completed', 'success'],
        ['lint', 'queued', null],
      ]);
    });

    it('answers 409 run is not rerunnable for an unfinished run', async () => {
      const { run } = await halfRunning();
      const res = await post(`/api/v1/runs/${run.id}/rerun`);
      expect(res.status).toBe(409);
      expect(res.json).toEqual({ error: 'run is not rerunnable', code: 'run.not_rerunnable' });
    });

    it('answers 400 for a failed_only that is not a flag', async () => {
      const { run } = await finishedRun();
      const res = await post(`/api/v1/runs/${run.id}/rerun?failed_only=yes`);
      expect(res.json).toEqual({ error: 'failed_only must be true or false', code: 'request.query_invalid' });
    });
  });
});
