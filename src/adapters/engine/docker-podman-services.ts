/**
 * A job's network and service containers on docker or podman (`JobServices`, SPEC §13): the
 * argv from the pure `job-args.ts`, env VALUES only in the engine client's environment. Steps
 * reach a service by name through `--add-host` entries (the address read back from the engine)
 * as well as the network alias, so name resolution does not depend on the engine's DNS plugin
 * (podman with CNI has none).
 */
import { isIP } from 'node:net';
import { execa } from 'execa';
import type { JobNetwork, JobServices, ServiceSpec } from '../../ports/job-services.js';
import { refuseClientEnv } from './client-env.js';
import type { ContainerSettings } from './docker-podman.js';
import {
  buildAddressArgs,
  buildLogsArgs,
  buildNetworkCreateArgs,
  buildNetworkRemoveArgs,
  buildProbeArgs,
  buildServiceArgs,
  buildServiceListArgs,
  jobNetworkName,
  serviceContainerName,
} from './job-args.js';
import { buildRemoveArgs } from './run-args.js';

const OUTPUT_TAIL_CHARS = 4000;

export class DockerPodmanServices implements JobServices {
  constructor(
    private readonly settings: ContainerSettings,
    private readonly binary: string,
  ) {}

  async startJob(job: { runnerId: number; jobId: number; services: ServiceSpec[] }): Promise<JobNetwork> {
    for (const service of job.services) refuseClientEnv(this.settings.kind, service.env);
    const network = jobNetworkName(job.jobId);
    const created = await this.engine(buildNetworkCreateArgs(job.runnerId, job.jobId));
    if (created.exitCode !== 0)
      throw new Error(`the job network ${network} could not be created: ${tail(created.stderr)}`);
    const hosts: Record<string, string> = {};
    for (const service of job.services) hosts[service.name] = await this.startService(job, service);
    return { name: network, hosts };
  }

  async probeService(jobId: number, service: string, command: string, timeoutMs: number) {
    const result = await execa(this.binary, buildProbeArgs(serviceContainerName(jobId, service), command), {
      env: this.settings.clientEnv,
      extendEnv: false,
      stdin: 'ignore',
      all: true,
      reject: false,
      timeout: timeoutMs,
    });
    return { healthy: result.exitCode === 0 && !result.timedOut, output: tail(result.all ?? '') };
  }

  async serviceLogs(jobId: number, service: string, lines: number): Promise<string> {
    const result = await execa(this.binary, buildLogsArgs(serviceContainerName(jobId, service), lines), {
      env: this.settings.clientEnv,
      extendEnv: false,
      stdin: 'ignore',
      all: true,
      reject: false,
      timeout: 60_000,
    });
    return tail(result.all ?? '');
  }

  async stopJob(runnerId: number, jobId: number): Promise<void> {
    try {
      const listed = await this.engine(buildServiceListArgs(runnerId, jobId));
      const ids = listed.stdout
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '');
      if (ids.length > 0) await this.engine(buildRemoveArgs(this.settings.kind, ids));
      // Fails harmlessly when the network was never created or is gone already.
      await this.engine(buildNetworkRemoveArgs([jobNetworkName(jobId)]));
    } catch {
      // Never rejects: what is left is the orphan GC's.
    }
  }

  /** Starts one service detached and returns its address on the job network. */
  private async startService(
    job: { runnerId: number; jobId: number },
    service: ServiceSpec,
  ): Promise<string> {
    const s = this.settings;
    const args = buildServiceArgs({
      runnerId: job.runnerId,
      jobId: job.jobId,
      service: service.name,
      image: service.image,
      envNames: Object.keys(service.env),
      memory: s.memory,
      cpus: s.cpus,
      pidsLimit: s.pidsLimit,
      seccompProfile: s.seccompProfile,
      pull: s.pull,
      limits: service.limits,
    });
    // No timeout: the first start of a service may pull its image.
    const started = await execa(this.binary, args, {
      env: { ...s.clientEnv, ...service.env },
      extendEnv: false,
      stdin: 'ignore',
      reject: false,
    });
    if (started.exitCode !== 0)
      throw new Error(`service ${service.name} (${service.image}) did not start: ${tail(started.stderr)}`);
    const name = serviceContainerName(job.jobId, service.name);
    const address = (await this.engine(buildAddressArgs(job.jobId, name))).stdout.trim();
    if (isIP(address) === 0)
      throw new Error(`service ${service.name} has no address on ${jobNetworkName(job.jobId)}`);
    return address;
  }

  private engine(args: string[]) {
    return execa(this.binary, args, {
      env: this.settings.clientEnv,
      extendEnv: false,
      stdin: 'ignore',
      reject: false,
      timeout: 60_000,
    });
  }
}

/** The end of an engine's message, on one line-bounded piece. */
function tail(text: string): string {
  const trimmed = text.trim();
  return trimmed.length <= OUTPUT_TAIL_CHARS ? trimmed : `…${trimmed.slice(-OUTPUT_TAIL_CHARS)}`;
}
