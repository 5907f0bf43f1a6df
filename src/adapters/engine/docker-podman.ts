/**
 * Runs `run:` steps in docker or podman containers through execa (SPEC §13): the argv
 * comes from the pure `buildRunArgs` (every hardening flag), the env VALUES only through
 * the engine client's environment (argv carries `--env NAME`), never a shell on the host.
 */
import { execa } from 'execa';
import { invalid } from '../../domain/errors.js';
import type { ContainerEngine, StartedStep, StepExit, StepProcess } from '../../ports/container-engine.js';
import { exitOf } from './exit-of.js';
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

/**
 * Names a step may not set: the engine client reads them itself (where its daemon is, which
 * credential helpers to run, which libraries to load), so a step setting them would steer
 * the runner host, not its container.
 */
const CLIENT_ENV =
  /^(PATH|HOME|TMPDIR|LD_[A-Z0-9_]*|DOCKER_[A-Z0-9_]*|CONTAINERS?_[A-Z0-9_]*|PODMAN_[A-Z0-9_]*|BUILDAH_[A-Z0-9_]*|REGISTRY_AUTH_FILE|XDG_[A-Z0-9_]*|STORAGE_[A-Z0-9_]*)$/;

interface Running {
  child: { kill(signal?: NodeJS.Signals): boolean };
  exit: Promise<StepExit>;
}

export class DockerPodmanEngine implements ContainerEngine {
  readonly isolated = true;
  private readonly running = new Map<string, Running>();
  private readonly binary: string;

  constructor(private readonly settings: ContainerSettings) {
    this.binary = settings.binary ?? settings.kind;
  }

  stepWorkspace(): string {
    return CONTAINER_WORKSPACE;
  }

  stepShared(): string {
    return CONTAINER_SHARED;
  }

  async startStep(step: StepProcess, onOutput: (bytes: Uint8Array) => void): Promise<StartedStep> {
    const reserved = Object.keys(step.env).filter((name) => CLIENT_ENV.test(name));
    if (reserved.length > 0) {
      throw invalid(
        'step.env_name_reserved',
        `env ${reserved.join(', ')} cannot be set on the ${this.settings.kind} engine (the engine client reads it on the runner host)`,
      );
    }
    const s = this.settings;
    const args = buildRunArgs({
      engine: s.kind,
      runnerId: step.runnerId,
      jobId: step.jobId,
      stepId: step.stepId,
      network: s.network,
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
      image: s.image,
      shell: step.shell,
      script: step.script,
      pull: s.pull,
    });
    const child = execa(this.binary, args, {
      env: { ...s.clientEnv, ...step.env },
      extendEnv: false,
      stdin: 'ignore',
      all: true,
      buffer: false,
      reject: false,
    });
    child.all.on('data', (chunk: Buffer) => onOutput(chunk));
    const exit = child.then((result) => exitOf(result, onOutput));
    const name = containerName(step.jobId, step.stepId);
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
    if (orphans.length === 0) return 0;
    const removed = await this.engine(buildRemoveArgs(this.settings.kind, orphans));
    if (removed.exitCode !== 0) throw new Error(`${this.binary} rm failed: ${removed.stderr.trim()}`);
    return orphans.length;
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
