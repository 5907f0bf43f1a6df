/**
 * A job's own resources beside its steps (SPEC §13): the job container's image and limits, and
 * for `services:` a per-job network with the sidecar containers on it.
 */
/** Limits a workflow may ask for (`options:`); never above the runner's own, which they only lower. */
export interface ContainerLimits {
  cpus?: string;
  memory?: string;
  shmSize?: string;
  hostname?: string;
}

/** A job's `container:` as steps run in it. */
export interface StepContainer {
  image: string;
  limits: ContainerLimits;
}

/** A job's own network (`shithub-job-<job id>`, no route out): its services by name and address. */
export interface JobNetwork {
  name: string;
  /** Service name → address on the network (steps get them as host entries). */
  hosts: Record<string, string>;
}

/** One `services:` entry, its templates already evaluated. */
export interface ServiceSpec {
  /** The service key: its host name on the job network. */
  name: string;
  image: string;
  /** Values reach the engine through its client environment only, never argv. */
  env: Record<string, string>;
  limits: ContainerLimits;
}

/**
 * A job's sidecar containers and network (SPEC §13, `services:`). Call order for one job:
 * `startJob` once, `probeService` / `serviceLogs` any number of times, then `stopJob` — always,
 * even when `startJob` threw (it removes whatever was created). The orphan GC of
 * `ContainerEngine.removeOrphans` removes what a crashed runner left.
 */
export interface JobServices {
  /**
   * Creates the job's network and starts every service on it, detached; resolves once all
   * run (health is `probeService`'s). Throws DomainError invalid for a spec the engine refuses
   * (a reserved env name, a bad value); other throws are engine failures (a missing image).
   */
  startJob(job: { runnerId: number; jobId: number; services: ServiceSpec[] }): Promise<JobNetwork>;
  /** Runs `sh -c command` in the service; healthy when it exits 0 within `timeoutMs`. Never rejects. */
  probeService(
    jobId: number,
    service: string,
    command: string,
    timeoutMs: number,
  ): Promise<{ healthy: boolean; output: string }>;
  /** The last `lines` lines of a service's output ('' when there are none). Never rejects. */
  serviceLogs(jobId: number, service: string, lines: number): Promise<string>;
  /** Removes the job's services and network. Idempotent; never rejects. */
  stopJob(runnerId: number, jobId: number): Promise<void>;
}
