/**
 * Runs `run:` steps in docker or podman containers through execa (SPEC §13): the argv
 * comes from the pure `buildRunArgs` (every hardening flag), the env VALUES only through
 * the engine client's environment (argv carries `--env NAME`), never a shell on the host.
 * A step of a job with services is created, connected to the job network, then started
 * attached (`job-args.ts`); the services themselves are `DockerPodmanServices`'.
 */
import { execa } from 'execa';
import type { ContainerEngine, StartedStep, StepExit, StepProcess } from '../../ports/container-engine.js';
import { refuseClientEnv } from './client-env.js';
import { DockerPodmanServices } from './docker-podman-services.js';
import { exitOf } from './exit-of.js';
import {
  buildNetworkConnectArgs,
  buildNetworkListArgs,
  buildNetworkRemoveArgs,
  buildStartAttachArgs,
  jobIdOfNetwork,
} from './job-args.js';
import {
  buildGcListArgs,
  buildKillArgs,
  buildRemoveArgs,
  buildRunArgs,
  buildStopArgs,
  CONTAINER_SHARED,
  CONTAINER_WORKSPACE,
  type ContainerEngineKind,
  containerName,
  parseGcList,
} from './run-args.js';

export interface ContainerSettings {
  kind: ContainerEngineKind;
  /** The engine binary; defaults to the kind's name on PATH. */
  binary?: string;
  image: string;
  pull: 'missing' | 'never' | 'always';
  network: string;
  memory: string;
  cpus: string;
  pidsLimit: number;
  seccompProfile: string;
  user: string;
  dnsServers: readonly string[];
  /** The engine client's own environment (PATH, DOCKER_HOST, …); a step can never change it. */
  clientEnv: Record<string, string>;
}

interface Running {
  child: { kill(signal?: NodeJS.Signals): boolean };
  exit: Promise<StepExit>;
}

export class DockerPodmanEngine implements ContainerEngine {
  readonly isolated = true;
  readonly services: DockerPodmanServices;
  private readonly running = new Map<string, Running>();
  private readonly binary: string;

  constructor(private readonly settings: ContainerSettings) {
    this.binary = settings.binary ?? settings.kind;
    this.services = new DockerPodmanServices(settings, this.binary);
  }

  stepWorkspace(): string {
    return CONTAINER_WORKSPACE;
  }

  stepShared(): string {
    return CONTAINER_SHARED;
  }

  async startStep(step: StepProcess, onOutput: (bytes: Uint8Array) => void): Promise<StartedStep> {
    refuseClientEnv(this.settings.kind, step.env);
    const s = this.settings;
    const name = containerName(step.jobId, step.stepId, step.part);
    // With engine.network = none the job network is the step's only one; else it is connected too.
    const attach = step.network !== undefined && s.network !== 'none';
    const args = buildRunArgs({
      engine: s.kind,
      verb: attach ? 'create' : 'run',
      runnerId: step.runnerId,
      jobId: step.jobId,
      stepId: step.stepId,
      ...(step.part === undefined ? {} : { part: step.part }),
      network: step.network !== undefined && !attach ? step.network.name : s.network,
      memory: s.memory,
      cpus: s.cpus,
      pidsLimit: s.pidsLimit,
      seccompProfile: s.seccompProfile,
      user: s.user,
      workspace: step.workspace,
      ...(step.shared === undefined ? {} : { shared: step.shared }),
      workingDirectory: step.workingDirectory,
      dnsServers: s.dnsServers,
      envNames: Object.keys(step.env),
      image: step.container?.image ?? s.image,
      shell: step.shell,
      script: step.script,
      pull: s.pull,
      ...(step.container ? { limits: step.container.limits } : {}),
      ...(step.network ? { hosts: step.network.hosts } : {}),
    });
    if (attach) {
      const failure = await this.createAttached(args, step, name);
      if (failure !== null) return this.failedStart(name, failure, onOutput);
    }
    const child = execa(this.binary, attach ? buildStartAttachArgs(name) : args, {
      env: { ...s.clientEnv, ...step.env },
      extendEnv: false,
      stdin: 'ignore',
      all: true,
      buffer: false,
      reject: false,
    });
    child.all.on('data', (chunk: Buffer) => onOutput(chunk));
    const exit = child.then((result) => exitOf(result, onOutput));
    this.running.set(name, { child, exit });
    void exit.finally(() => this.running.delete(name));
    return { name };
  }

  waitStep(step: StartedStep): Promise<StepExit> {
    return this.running.get(step.name)?.exit ?? Promise.resolve({ exitCode: null });
  }

  async stopStep(step: StartedStep, graceMs: number): Promise<void> {
    // `stop` blocks for up to the grace period; the caller waits for the exit itself.
    void this.engine(buildStopArgs(this.settings.kind, step.name, Math.ceil(graceMs / 1000)));
  }

  async killStep(step: StartedStep): Promise<void> {
    await this.engine(buildKillArgs(this.settings.kind, step.name));
    await this.engine(buildRemoveArgs(this.settings.kind, [step.name]));
    // A client still pulling or creating has no container to kill yet: end it too.
    this.running.get(step.name)?.child.kill('SIGKILL');
  }

  async removeOrphans(runnerId: number, activeJobIds: readonly number[]): Promise<number> {
    const listed = await this.engine(buildGcListArgs(this.settings.kind, runnerId));
    if (listed.exitCode !== 0) throw new Error(`${this.binary} ps failed: ${listed.stderr.trim()}`);
    const orphans = parseGcList(listed.stdout)
      .filter((c) => c.jobId === null || !activeJobIds.includes(c.jobId))
      .map((c) => c.containerId);
    if (orphans.length > 0) {
      const removed = await this.engine(buildRemoveArgs(this.settings.kind, orphans));
      if (removed.exitCode !== 0) throw new Error(`${this.binary} rm failed: ${removed.stderr.trim()}`);
    }
    // Networks after containers: a network still in use cannot be removed.
    const networks = await this.engine(buildNetworkListArgs(this.settings.kind, runnerId));
    if (networks.exitCode !== 0)
      throw new Error(`${this.binary} network ls failed: ${networks.stderr.trim()}`);
    const stale = networks.stdout
      .split('\n')
      .map((line) => line.trim())
      .filter((name) => {
        const jobId = jobIdOfNetwork(name);
        return jobId !== null && !activeJobIds.includes(jobId);
      });
    if (stale.length > 0) {
      const removed = await this.engine(buildNetworkRemoveArgs(stale));
      if (removed.exitCode !== 0)
        throw new Error(`${this.binary} network rm failed: ${removed.stderr.trim()}`);
    }
    return orphans.length + stale.length;
  }

  /** `create` then `network connect`; null when both worked, else why (the container is removed). */
  private async createAttached(args: string[], step: StepProcess, name: string): Promise<string | null> {
    // No timeout: creating may pull the image.
    const created = await execa(this.binary, args, {
      env: { ...this.settings.clientEnv, ...step.env },
      extendEnv: false,
      stdin: 'ignore',
      reject: false,
    });
    if (created.exitCode !== 0) return created.stderr.trim() || `${this.binary} create failed`;
    const connected = await this.engine(buildNetworkConnectArgs(step.jobId, name));
    if (connected.exitCode === 0) return null;
    await this.engine(buildRemoveArgs(this.settings.kind, [name]));
    return connected.stderr.trim() || `${this.binary} network connect failed`;
  }

  /** A step that never ran: its log says why and it ends with 125, as `run` does. */
  private failedStart(name: string, why: string, onOutput: (bytes: Uint8Array) => void): StartedStep {
    onOutput(new TextEncoder().encode(`shithub-runner: the step container could not start: ${why}\n`));
    // Kept (not deleted when settled) so `waitStep` still finds it: one small entry per failed start.
    this.running.set(name, { child: { kill: () => false }, exit: Promise.resolve({ exitCode: 125 }) });
    return { name };
  }

  /**
   * Start-up check (SPEC §13): the engine answers and `engine.network` exists. Throws an
   * Error that says how to fix it.
   */
  async checkReady(): Promise<void> {
    const info = await probeEngine(this.binary, this.settings.clientEnv);
    if (info.exitCode !== 0) {
      throw new Error(
        `${this.binary} does not answer (${firstLine(info.stderr)}); is the daemon running and reachable?`,
      );
    }
    const network = this.settings.network;
    if (network === 'none' || network === 'host' || network === 'bridge') return;
    const inspect = await this.engine(['network', 'inspect', network]);
    if (inspect.exitCode !== 0) {
      throw new Error(
        `engine.network '${network}' does not exist: create it with '${this.binary} network create ${network}' ` +
          `(the ops Ansible role creates it with its egress firewall), or set engine.network = "none"`,
      );
    }
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

/** Asks the engine to answer: `ps` needs the daemon (docker) or the local storage (podman) alike. */
function probeEngine(binary: string, clientEnv: Record<string, string>, timeoutMs = 60_000) {
  return execa(binary, ['ps', '--quiet', '--filter', 'label=shithub.ready-check'], {
    env: clientEnv,
    extendEnv: false,
    stdin: 'ignore',
    reject: false,
    timeout: timeoutMs,
  });
}

/** docker, else podman, whichever answers first within a few seconds; null when neither does. */
export async function detectContainerEngine(
  clientEnv: Record<string, string>,
): Promise<ContainerEngineKind | null> {
  for (const kind of ['docker', 'podman'] as const) {
    const answer = await probeEngine(kind, clientEnv, 5000).catch(() => null);
    if (answer?.exitCode === 0) return kind;
  }
  return null;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? 'no answer';
}
