/**
 * Changing runs and jobs with a PAT (SPEC §7.3, §16; facts §1.8): cancel, rerun, approve,
 * reject, pin. Each needs write access to the run's repository and a `repo:write` token.
 */
import type { Hono } from 'hono';
import * as v from 'valibot';
import { authorizeJob, authorizeRun, WRITE_ACCESS } from '../../../domain/api/pat-access.js';
import { describeRun } from '../../../domain/api/run-view.js';
import { invalid, notFound } from '../../../domain/errors.js';
import { approveRun, rejectRun } from '../../../domain/jobs/approve-run.js';
import { type CancelResult, cancelJob, cancelRun } from '../../../domain/jobs/cancel-jobs.js';
import { setRunPinned } from '../../../domain/jobs/pin-run.js';
import { rerunRun } from '../../../domain/jobs/rerun-run.js';
import { patAuth } from './auth.js';
import type { PatApiDeps, PatEnv } from './deps.js';
import { limitBody, pathId, readBody, readQuery } from './request.js';
import { runJson } from './serialise-run.js';

const NO_FIELDS = v.strictObject({});
const jobMissing = (id?: string) => () => notFound('job.not_found', `job ${id} not found`);
const runMissing = (id?: string) => () => notFound('run.not_found', `run ${id} not found`);

export function mountRunActionRoutes(app: Hono<PatEnv>, deps: PatApiDeps): void {
  const auth = patAuth(deps);

  app.post('/api/v1/jobs/:id/cancel', limitBody, auth, async (c) => {
    const jobId = pathId(c.req.param('id'), jobMissing(c.req.param('id')));
    readQuery(c, []);
    await readBody(c, NO_FIELDS);
    await authorizeJob(deps, { caller: c.get('caller'), jobId, need: WRITE_ACCESS });
    const result = await cancelJob(deps, { jobId, reason: 'user' });
    countCancelled(deps, result);
    return c.json({ job_id: jobId, ...cancelJson(result) }, 202);
  });

  app.post('/api/v1/runs/:id/cancel', limitBody, auth, async (c) => {
    const runId = pathId(c.req.param('id'), runMissing(c.req.param('id')));
    readQuery(c, []);
    await readBody(c, NO_FIELDS);
    await authorizeRun(deps, { caller: c.get('caller'), runId, need: WRITE_ACCESS });
    const result = await cancelRun(deps, { runId, reason: 'user' });
    countCancelled(deps, result);
    return c.json(cancelJson(result), 202);
  });

  app.post('/api/v1/runs/:id/rerun', limitBody, auth, async (c) => {
    const runId = pathId(c.req.param('id'), runMissing(c.req.param('id')));
    const failedOnly = readFlag(readQuery(c, ['failed_only']).failed_only);
    await readBody(c, NO_FIELDS);
    const caller = c.get('caller');
    await authorizeRun(deps, { caller, runId, need: WRITE_ACCESS });
    const { run } = await rerunRun(deps, { runId, actorUserId: caller.user.id, failedOnly });
    if (run.status === 'queued') deps.onJobsClaimable?.();
    return c.json(
      {
        run_id: run.id,
        run_index: run.runIndex,
        parent_run_id: run.parentRunId,
        repo_id: run.repoId,
        workflow_file: run.workflowFile,
        head_sha: run.headSha,
      },
      201,
    );
  });

  // Pinned runs survive the retention sweep (SPEC §16); DELETE unpins. Repeating is harmless.
  for (const [method, pinned] of [
    ['post', true],
    ['delete', false],
  ] as const) {
    app[method]('/api/v1/runs/:id/pin', limitBody, auth, async (c) => {
      const runId = pathId(c.req.param('id'), runMissing(c.req.param('id')));
      readQuery(c, []);
      await readBody(c, NO_FIELDS);
      await authorizeRun(deps, { caller: c.get('caller'), runId, need: WRITE_ACCESS });
      const run = await setRunPinned(deps, { runId, pinned });
      return c.json(
        { run_id: run.id, repo_id: run.repoId, run_index: run.runIndex, pinned: run.pinned },
        200,
      );
    });
  }

  for (const [action, decide] of [
    ['approve', approveRun],
    ['reject', rejectRun],
  ] as const) {
    app.post(`/api/v1/runs/:id/${action}`, limitBody, auth, async (c) => {
      const runId = pathId(c.req.param('id'), runMissing(c.req.param('id')));
      readQuery(c, []);
      await readBody(c, NO_FIELDS);
      const caller = c.get('caller');
      const { repo } = await authorizeRun(deps, { caller, runId, need: WRITE_ACCESS });
      const { run, changedJobs } = await decide(deps, { runId, userId: caller.user.id });
      if (action === 'approve') deps.onJobsClaimable?.();
      const view = await describeRun(deps, run);
      return c.json({ ...runJson(view, { repo, baseUrl: deps.baseUrl }), changed_jobs: changedJobs }, 200);
    });
  }
}

function cancelJson(result: CancelResult) {
  return {
    run_id: result.runId,
    repo_id: result.repoId,
    changed_jobs: result.changedJobs,
    run_completed: result.runCompleted,
    run_conclusion: result.runConclusion,
  };
}

function countCancelled(deps: PatApiDeps, result: CancelResult): void {
  if (result.changedJobs > 0)
    deps.metrics.increment('jobs_cancelled_total', { reason: 'user' }, result.changedJobs);
}

function readFlag(value: string | undefined): boolean {
  if (value === undefined || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  throw invalid('request.query_invalid', 'failed_only must be true or false');
}
