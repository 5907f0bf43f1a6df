/**
 * Composition root of `shithubd-runner run`: builds the adapters from the configuration,
 * runs the start-up checks and housekeeping, then the loop (SPEC §13). Returns controls for
 * the signal handler (and for tests that run a runner in-process).
 */
import { join } from 'node:path';
import { HostEngine } from '../../adapters/engine/host.js';
import { GitCheckout } from '../../adapters/git/checkout.js';
import { ArtifactClient } from '../../adapters/http/artifact-client.js';
import { ControlPlaneClient } from '../../adapters/http/control-plane-client.js';
import type { HttpTransport } from '../../adapters/http/node-http-transport.js';
import { FsArtifactFiles } from '../../adapters/system/artifact-files.js';
import { SystemClock } from '../../adapters/system/clock.js';
import { FsLogSpool } from '../../adapters/system/log-spool.js';
import { CryptoRandom } from '../../adapters/system/random.js';
import { FsStepFiles } from '../../adapters/system/step-files.js';
import { SystemTimer } from '../../adapters/system/timer.js';
import { FsWorkspace, STATE_DIR } from '../../adapters/system/workspace.js';
import { prepareRunner, runMaintenance } from '../../domain/agent/maintenance.js';
import { type AgentState, type RunAgentDeps, runAgent } from '../../domain/agent/run-agent.js';
import type { ContainerEngine } from '../../ports/container-engine.js';
import type { RunnerLog } from '../../ports/runner-log.js';
import type { RunnerConfig } from './config.js';

export interface RunnerDaemon {
  state: AgentState;
  /** Resolves when the loop ended and every job finished. */
  done: Promise<void>;
  /** First SIGTERM: stop claiming, finish running jobs. */
  stopClaiming(): void;
  /** Second SIGTERM: cancel running jobs (reported cancelled). */
  shutdown(): void;
  /** Third signal: stop waiting for the server. */
  abandon(): void;
}

export interface DaemonOptions {
  log: RunnerLog;
  version: string;
  hostName: string;
  /** The runner's environment: PATH and the engine client's variables come from here. */
  env: Record<string, string | undefined>;
  /** The HTTP client's transport (tests record what leaves the runner). */
  transport?: HttpTransport;
  /**
   * Tests only, never configuration: how long a `timeout-minutes` minute lasts on this
   * runner (default 60,000 ms), so an end-to-end timeout takes seconds. The server still
   * sets its own deadline in real minutes, after the runner's.
   */
  minuteMs?: number;
}

/** Variables the engine client may need; nothing else of the runner's environment is passed on. */
const CLIENT_ENV = /^(PATH|HOME|DOCKER_[A-Z_]+|CONTAINER_HOST|CONTAINERS_[A-Z_]+|XDG_RUNTIME_DIR|TMPDIR)$/;

export async function startRunnerDaemon(config: RunnerConfig, opts: DaemonOptions): Promise<RunnerDaemon> {
  const path = opts.env.PATH ?? '/usr/local/bin:/usr/bin:/bin';
  const owner = containerOwner(config, opts.log);
  const engine = await openEngine(config, opts.env, path);
  const workspace = new FsWorkspace({ root: config.workspaceRoot, owner });
  const deps: RunAgentDeps = {
    controlPlane: new ControlPlaneClient({
      baseUrl: config.serverUrl,
      registrationToken: config.token,
      transport: opts.transport,
    }),
    engine,
    checkout: new GitCheckout({ path, owner }),
    files: new FsStepFiles({ owner }),
    artifacts: new ArtifactClient({ baseUrl: config.serverUrl }),
    artifactFiles: new FsArtifactFiles({ owner }),
    workspace,
    spool: new FsLogSpool(join(config.workspaceRoot, STATE_DIR, 'spool')),
    timer: new SystemTimer(),
    clock: new SystemClock(),
    random: new CryptoRandom(),
    log: opts.log,
    minuteMs: opts.minuteMs,
    containerPolicy: { allowedImages: config.engine.allowedImages },
  };
  const state: AgentState = { runnerId: 0, active: new Map() };
  await prepareRunner(deps, { state, ttlMs: config.workspaceTtlMs });
  const stopClaiming = new AbortController();
  const shutdown = new AbortController();
  const abandon = new AbortController();
  const stopMaintenance = new AbortController();
  const maintenance = runMaintenance(deps, {
    state,
    ttlMs: config.workspaceTtlMs,
    stop: stopMaintenance.signal,
  });
  opts.log.info('shithubd-runner started', {
    server: config.serverUrl,
    engine: config.engine.kind,
    labels: config.labels.join(','),
    capacity: config.capacity,
    version: opts.version,
  });
  const done = runAgent(deps, {
    settings: {
      labels: config.labels,
      capacity: config.capacity,
      longPollSeconds: config.longPollSeconds,
      pollIntervalMs: config.pollIntervalMs,
      hostName: opts.hostName,
      version: opts.version,
    },
    signals: { stopClaiming: stopClaiming.signal, shutdown: shutdown.signal, abandon: abandon.signal },
    state,
  }).finally(async () => {
    stopMaintenance.abort();
    await maintenance;
    opts.log.info('shithubd-runner stopped');
  });
  return {
    state,
    done,
    stopClaiming: () => stopClaiming.abort(),
    shutdown: () => shutdown.abort(),
    abandon: () => abandon.abort(),
  };
}

async function openEngine(
  config: RunnerConfig,
  env: Record<string, string | undefined>,
  path: string,
): Promise<ContainerEngine> {
  if (config.engine.kind === 'host') {
    return new HostEngine({ path, groupsDir: join(config.workspaceRoot, STATE_DIR, 'host-steps') });
  }
  const clientEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && CLIENT_ENV.test(name)) clientEnv[name] = value;
  }
  // Loaded only for a container engine: with it comes execa (SPEC §20: runner idle RSS).
  const { DockerPodmanEngine } = await import('../../adapters/engine/docker-podman.js');
  const engine = new DockerPodmanEngine({
    kind: config.engine.kind,
    image: config.engine.image,
    pull: config.engine.pull,
    network: config.engine.network,
    memory: config.engine.memory,
    cpus: config.engine.cpus,
    pidsLimit: config.engine.pidsLimit,
    seccompProfile: config.engine.seccompProfile,
    user: config.engine.user,
    dnsServers: config.engine.dnsServers,
    clientEnv,
  });
  await engine.checkReady();
  return engine;
}

/**
 * Who owns a job workspace: the step user when the runner is root (so a step can write its
 * checkout); otherwise the runner itself, which only works when steps run as the runner user.
 */
function containerOwner(config: RunnerConfig, log: RunnerLog): { uid: number; gid: number } | undefined {
  if (config.engine.kind === 'host') return undefined;
  const match = /^(\d+):(\d+)$/.exec(config.engine.user);
  const self = `${process.geteuid?.()}:${process.getegid?.()}`;
  if (process.geteuid?.() === 0 && match) return { uid: Number(match[1]), gid: Number(match[2]) };
  if (config.engine.user !== self) {
    log.warn(
      'steps run as another user than the runner and the runner is not root: workspaces (0700) will not be writable in steps; set engine.user = "auto"',
      {
        user: config.engine.user,
      },
    );
  }
  return undefined;
}
