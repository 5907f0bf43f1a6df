import type { Assignment, StatusReport } from '../../ports/model/assignment.js';
import type { Random } from '../../ports/random.js';
import type { JobFolders, Workspace } from '../../ports/workspace.js';
import { isDomainError } from '../errors.js';
import { evaluateCondition, usesStatusFunction } from '../workflows/expressions/condition.js';
import { whenAborted } from './await-step-end.js';
import { type JobChannel, openJobChannel } from './job-channel.js';
import type { JobProgress } from './job-outcome.js';
import { endOfJob, type JobReportExtras } from './job-outputs.js';
import { type JobSetupDeps, setUpJob } from './job-setup.js';
import { startJobState } from './job-state.js';
import type { RunScope } from './run-scope.js';
import { MINUTE_MS, type RunStepsDeps, runSteps } from './run-steps.js';
import { expressionContext } from './step-context.js';
import { EVENT_FILE } from './step-place.js';

export interface ExecuteJobDeps extends RunStepsDeps, JobSetupDeps {
  workspace: Workspace;
  /** The retry jitter of the job's token chain (`JobChannelDeps`). */
  random: Random;
}

export interface ExecuteJobInput {
  assignment: Assignment;
  runnerId: number;
  /** Second SIGTERM: cancel the job and report it `cancelled`. */
  shutdown: AbortSignal;
  /** Give up on the server (last resort): stop retrying calls. */
  abandon?: AbortSignal;
}

export type JobEnd = JobProgress['conclusion'] | 'skipped' | 'lost';

/** Runs the job and reports it; resolves with how it ended. Never throws. */
export async function executeJob(deps: ExecuteJobDeps, input: ExecuteJobInput): Promise<JobEnd> {
  const { job } = input.assignment;
  const fields = { job_id: job.id, run_id: job.runId };
  const channel = openJobChannel(deps, {
    jobId: job.id,
    token: input.assignment.token,
    abandon: input.abandon,
  });
  const cancel = new AbortController();
  const done = new AbortController();
  void whenAborted(input.shutdown, done.signal).then(() => cancel.abort());
  const startedAt = deps.clock.now();
  let folders: JobFolders | null = null;
  let servicesStarted = false;
  let finalReportSent = false;
  try {
    deps.log.info('job started', fields);
    if (!deps.engine.isolated) {
      deps.log.warn(
        'host engine: this job runs WITHOUT isolation, as the runner user, on the runner host',
        fields,
      );
    }
    try {
      folders = await deps.workspace.create(job.runId, job.id);
    } catch (err) {
      deps.log.error('workspace could not be created', { ...fields, error: String(err) });
      await reportJob(deps, channel, job.id, 'failure', startedAt);
      return 'failure';
    }
    if (!(await reportRunning(deps, channel, job.id, startedAt))) return 'lost';
    await deps.files.writeFile(`${folders.shared}/${EVENT_FILE}`, JSON.stringify(job.eventPayload));
    const jobIf = evaluateJobIf(input.assignment, deps.engine.stepWorkspace(folders.workspace));
    if (jobIf === false) {
      for (const step of job.steps) {
        await channel.call('step skipped', (token) =>
          deps.controlPlane.reportStep(job.id, token, step.id, { status: 'skipped', conclusion: 'skipped' }),
        );
      }
      await reportJob(deps, channel, job.id, 'skipped', startedAt);
      return 'skipped';
    }
    const base: RunScope = {
      runnerId: input.runnerId,
      job,
      workspace: folders.workspace,
      shared: folders.shared,
      state: startJobState(job),
      channel,
    };
    const jobDeadline = new Date(startedAt.getTime() + job.timeoutMinutes * (deps.minuteMs ?? MINUTE_MS));
    const setup =
      jobIf === true
        ? await setUpJob(deps, base, { deadline: jobDeadline, cancel: cancel.signal })
        : { containers: null, notes: [], servicesStarted: false };
    servicesStarted = setup.servicesStarted;
    const scope: RunScope = { ...base, containers: setup.containers };
    const progress = await runSteps(deps, {
      ...scope,
      jobDeadline,
      jobRefusal: jobIf === true ? setup.refusal : jobIf,
      notes: setup.notes,
      cancel,
    });
    if (channel.isGone()) return 'lost';
    const ending = endOfJob(deps, scope, progress);
    // A lost answer to the terminal report recovers into a 404 (the job is no longer running
    // here) — which then means the report did arrive.
    finalReportSent = true;
    await reportJob(deps, channel, job.id, ending.conclusion, startedAt, ending.extras);
    deps.log.info('job finished', { ...fields, conclusion: ending.conclusion });
    return ending.conclusion;
  } catch (err) {
    deps.log.error('job crashed', { ...fields, error: String(err) });
    await reportJob(deps, channel, job.id, 'failure', startedAt).catch(() => undefined);
    return 'failure';
  } finally {
    done.abort();
    if (servicesStarted) await deps.engine.services?.stopJob(input.runnerId, job.id).catch(() => undefined);
    if (channel.isGone() && !finalReportSent) {
      deps.log.warn('job is no longer assigned to this runner; stopped', fields);
    }
    if (folders) await deps.workspace.remove(job.runId, job.id).catch(() => undefined);
    await deps.spool.clearJob(job.id).catch(() => undefined);
  }
}

/**
 * The job's own `if:`: true to run, false to skip, or why it could not be evaluated. The
 * server already held the job back until its `needs` allowed it, so a condition with a
 * status function (`always()`, `failure()`) runs; others are evaluated on the claim's
 * contexts. One that cannot be evaluated fails the job with the reason (never runs it:
 * a broken guard must not let a deploy job through).
 */
function evaluateJobIf(assignment: Assignment, workspace: string): boolean | string {
  const { job } = assignment;
  if (job.ifExpr.trim() === '' || usesStatusFunction(job.ifExpr)) return true;
  try {
    return evaluateCondition(job.ifExpr, expressionContext(job, { status: 'success', workspace }));
  } catch (err) {
    if (!isDomainError(err)) throw err;
    return `job if: ${err.message}`;
  }
}

async function reportRunning(deps: ExecuteJobDeps, channel: JobChannel, jobId: number, startedAt: Date) {
  const answer = await channel.call('job running', (token) =>
    deps.controlPlane.reportJob(jobId, token, { status: 'running', startedAt }),
  );
  return answer.kind === 'ok';
}

async function reportJob(
  deps: ExecuteJobDeps,
  channel: JobChannel,
  jobId: number,
  conclusion: JobEnd,
  startedAt: Date,
  extras: JobReportExtras = {},
): Promise<void> {
  const cancelled = conclusion === 'cancelled';
  const report: StatusReport = {
    status: cancelled ? 'cancelled' : 'completed',
    conclusion: conclusion === 'lost' ? 'failure' : conclusion,
    startedAt,
    completedAt: deps.clock.now(),
    ...extras,
  };
  const answer = await channel.call('job result', (token) =>
    deps.controlPlane.reportJob(jobId, token, report),
  );
  if (answer.kind === 'refused')
    deps.log.warn('job result refused', { job_id: jobId, reason: answer.message });
}
