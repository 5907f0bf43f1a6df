/**
 * Before the first step (SPEC §13): the job's `container:` and `services:` planned
 * (`planJobContainers`) and its services started and health-waited (`startServices`). A refusal
 * or a failed service fails the job's first step with the reason, and no step runs.
 */
import type { JobNetwork, StepContainer } from '../../ports/job-services.js';
import { isDomainError } from '../errors.js';
import type { ExecuteStepDeps } from './execute-step.js';
import { type JobContainerPolicy, planJobContainers } from './job-containers.js';
import type { RunScope } from './run-scope.js';
import { startServices } from './start-services.js';
import { expressionContext, resolveJobEnv } from './step-context.js';
import { stepPlace } from './step-place.js';

/** What every step of the job runs with. */
export interface JobContainerSetup {
  /** The job container (its image); null: the runner's default image. */
  container: StepContainer | null;
  /** The job container's `env:`, under the job's and steps' own. */
  env: Record<string, string>;
  /** The job network when the job has services. */
  network: JobNetwork | null;
}

export interface JobSetup {
  containers: JobContainerSetup | null;
  /** Why no step may run (the first step fails with it). */
  refusal?: string;
  /** Lines for the first step's log: which services started, a failed one's last output. */
  notes: string[];
  /** Services were asked for: `stopJob` must run when the job ends. */
  servicesStarted: boolean;
}

export type JobSetupDeps = ExecuteStepDeps & { containerPolicy?: JobContainerPolicy };

/** Plans the job's containers and starts its services. Never throws for the job's own faults. */
export async function setUpJob(
  deps: JobSetupDeps,
  scope: RunScope,
  input: { deadline: Date; cancel: AbortSignal },
): Promise<JobSetup> {
  const none: JobSetup = { containers: null, notes: [], servicesStarted: false };
  const { job } = scope;
  if ((job.container ?? null) === null && Object.keys(job.services ?? {}).length === 0) return none;
  const place = stepPlace(deps, { ...scope, status: 'success' });
  let context: ReturnType<typeof expressionContext>;
  try {
    const env = resolveJobEnv(job, place);
    context = expressionContext(job, { ...place, env: env.env, tainted: env.taintedEnv });
  } catch (err) {
    if (!isDomainError(err)) throw err;
    return { ...none, refusal: `job env: ${err.message}` };
  }
  const plan = planJobContainers(job, context, {
    ...(deps.containerPolicy ? { policy: deps.containerPolicy } : {}),
    hasServices: deps.engine.services !== null,
  });
  if (plan.kind === 'none') return none;
  if (plan.kind === 'refused') return { ...none, refusal: plan.message };
  const containers: JobContainerSetup = { container: plan.container, env: plan.containerEnv, network: null };
  const notes = plan.container ? [`job container: ${plan.container.image}`] : [];
  const services = deps.engine.services;
  if (plan.services.length === 0 || services === null) return { containers, notes, servicesStarted: false };
  const started = await startServices(
    { services, timer: deps.timer, clock: deps.clock },
    { runnerId: scope.runnerId, jobId: job.id, services: plan.services, ...input },
  );
  if (started.kind === 'cancelled') return { containers, notes, servicesStarted: true };
  notes.push(...started.notes);
  if (started.kind === 'failed')
    return { containers, refusal: started.message, notes, servicesStarted: true };
  return { containers: { ...containers, network: started.network }, notes, servicesStarted: true };
}
