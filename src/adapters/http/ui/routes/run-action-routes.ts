/**
 * The run page's buttons (SPEC §17): cancel, re-run, re-run failed jobs, approve, reject —
 * the PAT API's domain calls behind a CSRF-checked form. A viewer without write access gets
 * 404, as if the button did not exist.
 */
import type { Context, Hono } from 'hono';
import type { RunAction } from '../../../../domain/api/run-actions.js';
import { approveRun, rejectRun } from '../../../../domain/jobs/approve-run.js';
import { cancelRun } from '../../../../domain/jobs/cancel-jobs.js';
import { rerunRun } from '../../../../domain/jobs/rerun-run.js';
import type { Run } from '../../../../ports/model/run.js';
import { limitForm, readSignedInForm } from '../forms.js';
import { repoBase, runAtPath, viewedRepo } from '../repo-context.js';
import { sessionMiddleware } from '../session.js';
import type { UiDeps, UiEnv } from '../ui-deps.js';

type Act = (deps: UiDeps, run: Run, userId: number) => Promise<Run>;

const ACTS: Record<RunAction, Act> = {
  cancel: async (deps, run) => {
    const result = await cancelRun(deps, { runId: run.id, reason: 'user' });
    if (result.changedJobs > 0)
      deps.metrics.increment('jobs_cancelled_total', { reason: 'user' }, result.changedJobs);
    return run;
  },
  rerun: (deps, run, userId) => rerun(deps, run, userId, false),
  'rerun-failed': (deps, run, userId) => rerun(deps, run, userId, true),
  approve: async (deps, run, userId) => {
    await approveRun(deps, { runId: run.id, userId });
    deps.onJobsClaimable?.();
    return run;
  },
  reject: async (deps, run, userId) => {
    await rejectRun(deps, { runId: run.id, userId });
    return run;
  },
};

async function rerun(deps: UiDeps, run: Run, userId: number, failedOnly: boolean): Promise<Run> {
  const { run: next } = await rerunRun(deps, { runId: run.id, actorUserId: userId, failedOnly });
  if (next.status === 'queued') deps.onJobsClaimable?.();
  return next;
}

export function mountRunActionRoutes(app: Hono<UiEnv>, deps: UiDeps): void {
  const session = sessionMiddleware(deps);
  for (const action of Object.keys(ACTS) as RunAction[]) {
    app.post(`/:owner/:repo/actions/runs/:index/${action}`, limitForm, session, async (c: Context<UiEnv>) => {
      await readSignedInForm(c, []);
      const { repo } = await viewedRepo(c, deps, 'write');
      const run = await runAtPath(c, deps, repo.id);
      const shown = await ACTS[action](deps, run, c.get('viewer')!.id);
      return c.redirect(`${repoBase(repo)}/actions/runs/${shown.runIndex}`, 303);
    });
  }
}
