/**
 * Starts a job's services before its first step (SPEC §13, `services:`): the engine creates the
 * job network and the sidecars, then the runner waits for each service with a health check —
 * its command run in the service every interval until it succeeds, failing after `retries`
 * failed probes (those within the start period do not count), at the job's deadline, or after
 * `MAX_SERVICE_WAIT_MS` at most. A service without a health check counts as ready once it runs.
 * Whatever happens, the caller calls `stopJob` when the job ends.
 */
import type { Clock } from '../../ports/clock.js';
import type { JobNetwork, JobServices } from '../../ports/job-services.js';
import type { Timer } from '../../ports/timer.js';
import type { PreparedService } from './job-containers.js';

export const MAX_SERVICE_WAIT_MS = 10 * 60_000;
const LOG_LINES = 20;

export type ServicesStart =
  | { kind: 'ready'; network: JobNetwork; notes: string[] }
  | { kind: 'failed'; message: string; notes: string[] }
  | { kind: 'cancelled' };

export interface StartServicesInput {
  runnerId: number;
  jobId: number;
  services: PreparedService[];
  deadline: Date;
  cancel: AbortSignal;
}

/** Starts the services and waits until they are healthy (or says why they are not). */
export async function startServices(
  deps: { services: JobServices; timer: Timer; clock: Clock },
  input: StartServicesInput,
): Promise<ServicesStart> {
  const notes: string[] = [];
  let network: JobNetwork;
  try {
    const specs = input.services.map(({ health: _health, ...spec }) => spec);
    network = await deps.services.startJob({ runnerId: input.runnerId, jobId: input.jobId, services: specs });
  } catch (err) {
    return { kind: 'failed', message: `services could not start: ${messageOf(err)}`, notes };
  }
  for (const s of input.services) notes.push(`service ${s.name}: ${s.image} started as host '${s.name}'`);
  const waits = await Promise.all(input.services.map((service) => waitHealthy(deps, input, service)));
  if (input.cancel.aborted) return { kind: 'cancelled' };
  for (const [i, wait] of waits.entries()) {
    const service = input.services[i] as PreparedService;
    if (wait.kind === 'healthy') {
      if (wait.probes > 0) notes.push(`service ${service.name}: healthy after ${wait.probes} probe(s)`);
      continue;
    }
    const logs = await deps.services.serviceLogs(input.jobId, service.name, LOG_LINES);
    if (logs !== '') notes.push(`service ${service.name}: its last output:`, ...logs.split('\n'));
    return { kind: 'failed', message: `service ${service.name} is not healthy: ${wait.why}`, notes };
  }
  return { kind: 'ready', network, notes };
}

type HealthWait = { kind: 'healthy'; probes: number } | { kind: 'unhealthy'; why: string };

async function waitHealthy(
  deps: { services: JobServices; timer: Timer; clock: Clock },
  input: StartServicesInput,
  service: PreparedService,
): Promise<HealthWait> {
  const health = service.health;
  if (health === null) return { kind: 'healthy', probes: 0 };
  const started = deps.clock.now().getTime();
  const giveUpAt = Math.min(input.deadline.getTime(), started + MAX_SERVICE_WAIT_MS);
  let failures = 0;
  for (let probes = 1; ; probes += 1) {
    if (input.cancel.aborted) return { kind: 'unhealthy', why: 'the job was cancelled' };
    const probe = await deps.services.probeService(
      input.jobId,
      service.name,
      health.command,
      health.timeoutMs,
    );
    if (probe.healthy) return { kind: 'healthy', probes };
    const now = deps.clock.now().getTime();
    if (now - started >= health.startPeriodMs) failures += 1;
    const last =
      probe.output === '' ? '' : ` (last output: ${probe.output.split('\n').slice(-3).join(' / ')})`;
    if (failures >= health.retries)
      return { kind: 'unhealthy', why: `${failures} failed health check(s) of '${health.command}'${last}` };
    if (now + health.intervalMs > giveUpAt)
      return { kind: 'unhealthy', why: `still failing '${health.command}' when the wait ran out${last}` };
    await deps.timer.sleep(health.intervalMs, input.cancel);
  }
}

function messageOf(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'unknown error';
}
