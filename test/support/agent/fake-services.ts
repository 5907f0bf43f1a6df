/**
 * Job networks and sidecars that run nothing (`JobServices`): records what was started and
 * stopped, and answers health probes from a script per service (`healthyAfter` probes, or
 * never), so the runner's health wait runs on the fake timer.
 */
import type { JobNetwork, JobServices, ServiceSpec } from '../../../src/ports/job-services.js';

export class FakeServices implements JobServices {
  readonly started: { runnerId: number; jobId: number; services: ServiceSpec[] }[] = [];
  readonly stopped: number[] = [];
  readonly probes: { service: string; command: string; timeoutMs: number }[] = [];
  /** Service name → probes that fail before one succeeds (absent: healthy at once; Infinity: never). */
  failingProbes: Record<string, number> = {};
  /** A message `startJob` throws with (an engine failure). */
  startFailure: string | null = null;
  /** Job ids whose network exists. */
  readonly live = new Set<number>();

  async startJob(job: { runnerId: number; jobId: number; services: ServiceSpec[] }): Promise<JobNetwork> {
    this.started.push({ ...job, services: job.services.map((s) => ({ ...s })) });
    this.live.add(job.jobId);
    if (this.startFailure !== null) throw new Error(this.startFailure);
    const hosts = Object.fromEntries(job.services.map((s, i) => [s.name, `10.0.0.${i + 2}`]));
    return { name: `shithub-job-${job.jobId}`, hosts };
  }

  async probeService(_jobId: number, service: string, command: string, timeoutMs: number) {
    this.probes.push({ service, command, timeoutMs });
    const left = this.failingProbes[service] ?? 0;
    if (left > 0) this.failingProbes[service] = left - 1;
    return left > 0 ? { healthy: false, output: `${service} not ready` } : { healthy: true, output: '' };
  }

  async serviceLogs(_jobId: number, service: string): Promise<string> {
    return `${service}: starting\n${service}: still starting`;
  }

  async stopJob(_runnerId: number, jobId: number): Promise<void> {
    this.stopped.push(jobId);
    this.live.delete(jobId);
  }
}
