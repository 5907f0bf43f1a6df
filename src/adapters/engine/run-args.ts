/**
 * Pure translation from a step to the `docker`/`podman` argv (SPEC §13): no I/O, so every
 * hardening flag is table-tested without a daemon. The spawning adapter passes the argv
 * to execa as is (never through a shell) and the env VALUES in the child environment,
 * where `--env NAME` picks them up; values never appear here.
 *
 * docker and podman take the same `run` argv on purpose:
 * - `--pull=<policy>` is written with `=` (both engines parse it; the joined form can never
 *   be misread as a bare flag followed by the image) and sits just before the image.
 * - `--env NAME` without a value copies NAME from the client's environment in both.
 * - podman's `--read-only` also mounts writable tmpfs on /run and /var/tmp (its default
 *   `--read-only-tmpfs=true`); turning that off would make /dev read-only on newer podman,
 *   so we accept those two extra scratch dirs rather than diverge.
 * Only the `ps --format` template differs (podman cannot evaluate docker's `.Label`), and `rm`
 * (podman needs `--time 0` to kill at once).
 *
 * A step of a job with services is `create`d instead (same flags), connected to the job
 * network (`job-args.ts`) and started attached: docker before 25 takes one `--network` only.
 */
import { isIP } from 'node:net';
import { posix } from 'node:path';
import { ENV_NAME } from '../../domain/env-names.js';
import { invalid } from '../../domain/errors.js';
import type { ContainerLimits } from '../../ports/job-services.js';
import { limitArgs } from './limit-args.js';

export type ContainerEngineKind = 'docker' | 'podman';

/** Everything one `run:` step container needs. */
export interface RunArgsInput {
  engine: ContainerEngineKind;
  /** `run` (the default) or `create`, for a step that joins its job network before it starts. */
  verb?: 'run' | 'create';
  runnerId: number;
  jobId: number;
  stepId: number;
  /** A composite action's sub-step (from 1). */
  part?: number;
  network: string;
  /** As the engine reads it: `2g`, `512m`. */
  memory: string;
  cpus: string | number;
  pidsLimit: number;
  /** A seccomp profile path on the host, or `unconfined`. */
  seccompProfile: string;
  /** `uid:gid` or a user name. */
  user: string;
  /** Absolute host path of the job workspace, bind-mounted at /workspace. */
  workspace: string;
  /** Absolute host path of the job's runner folder, bind-mounted at /__shithub (file commands, RUNNER_TEMP). */
  shared?: string;
  /** Relative to /workspace; `''` for /workspace itself. */
  workingDirectory: string;
  dnsServers: readonly string[];
  envNames: readonly string[];
  image: string;
  shell: 'bash' | 'sh';
  script: string;
  pull: 'missing' | 'never' | 'always';
  /** The job container's `options:` limits; `memory` and `cpus` only ever lower the runner's. */
  limits?: ContainerLimits;
  /** Service host name → address (`--add-host`), for steps of a job with services. */
  hosts?: Record<string, string>;
}

export const CONTAINER_WORKSPACE = '/workspace';
export const CONTAINER_SHARED = '/__shithub';
export const RUNNER_LABEL = 'shithub.runner';
export const JOB_LABEL = 'shithub.job';

/** The container name of a step (or of a composite's sub-step); unique, so a retry never collides with a leftover. */
export function containerName(jobId: number, stepId: number, part?: number): string {
  return `shithub-job-${jobId}-step-${stepId}${part === undefined ? '' : `-${part}`}`;
}

/**
 * The `run` argv (without the engine binary). Throws `invalid` for a working directory
 * outside /workspace (`step.working_directory_invalid`), a bad env name
 * (`step.env_name_invalid`), and any value that could be read as a flag or could smuggle
 * mount options (`engine.argument_invalid`).
 */
export function buildRunArgs(input: RunArgsInput): string[] {
  const workdir = containerWorkdir(input.workingDirectory);
  for (const id of [input.runnerId, input.jobId, input.stepId, input.pidsLimit, input.part ?? 1])
    checkPositive(id);
  for (const value of [input.network, input.memory, String(input.cpus), input.user, input.image]) {
    checkPlain(value);
  }
  if (input.seccompProfile === '' || input.seccompProfile.includes('\0')) {
    throw invalid('engine.argument_invalid', 'the seccomp profile must be a path or "unconfined"');
  }
  checkWorkspace(input.workspace);
  if (input.shared !== undefined) checkWorkspace(input.shared);
  const shared =
    input.shared === undefined ? [] : ['--mount', `type=bind,src=${input.shared},dst=${CONTAINER_SHARED}`];
  const dns = input.dnsServers.flatMap((ip) => {
    if (isIP(ip) === 0) throw invalid('engine.argument_invalid', `dns server "${ip}" is not an IP address`);
    return ['--dns', ip];
  });
  const env = [...new Set(input.envNames)].flatMap((name) => {
    if (!ENV_NAME.test(name)) {
      throw invalid('step.env_name_invalid', `env name "${name}" must match ${ENV_NAME.source}`);
    }
    return ['--env', name];
  });
  const hosts = Object.entries(input.hosts ?? {}).flatMap(([name, address]) => {
    checkPlain(name);
    if (isIP(address) === 0) throw invalid('engine.argument_invalid', `"${address}" is not an IP address`);
    return ['--add-host', `${name}:${address}`];
  });
  const limits = limitArgs(input.limits ?? {}, { memory: input.memory, cpus: String(input.cpus) });
  return [
    input.verb ?? 'run',
    '--rm',
    '--name',
    containerName(input.jobId, input.stepId, input.part),
    '--label',
    `${RUNNER_LABEL}=${input.runnerId}`,
    '--label',
    `${JOB_LABEL}=${input.jobId}`,
    '--network',
    input.network,
    ...limits,
    '--pids-limit',
    String(input.pidsLimit),
    '--read-only',
    '--tmpfs',
    '/tmp:rw,exec,nosuid,nodev,size=1g',
    '--cap-drop',
    'ALL',
    '--security-opt',
    'no-new-privileges',
    '--security-opt',
    `seccomp=${input.seccompProfile}`,
    '--user',
    input.user,
    '--workdir',
    workdir,
    '--mount',
    `type=bind,src=${input.workspace},dst=${CONTAINER_WORKSPACE}`,
    ...shared,
    ...dns,
    ...hosts,
    ...env,
    `--pull=${input.pull}`,
    input.image,
    ...shellArgs(input.shell, input.script),
  ];
}

/** `bash -e -o pipefail -c <script>` or `sh -e -c <script>`: the script is one argument. */
function shellArgs(shell: 'bash' | 'sh', script: string): string[] {
  return shell === 'bash' ? ['bash', '-e', '-o', 'pipefail', '-c', script] : ['sh', '-e', '-c', script];
}

/** /workspace joined with a relative directory that must stay inside it after cleaning. */
function containerWorkdir(dir: string): string {
  const refuse = () =>
    invalid(
      'step.working_directory_invalid',
      `working-directory "${dir}" must be a path inside the workspace`,
    );
  if (dir.includes('\0') || dir.startsWith('/')) throw refuse();
  if (dir === '') return CONTAINER_WORKSPACE;
  const cleaned = posix.normalize(dir).replace(/\/+$/, '');
  if (cleaned === '..' || cleaned.startsWith('../')) throw refuse();
  return cleaned === '.' ? CONTAINER_WORKSPACE : `${CONTAINER_WORKSPACE}/${cleaned}`;
}

export function checkPositive(n: number): void {
  if (!Number.isSafeInteger(n) || n <= 0) {
    throw invalid('engine.argument_invalid', `${n} is not a positive integer`);
  }
}

/** Non-empty, no white space or NUL, and not starting with `-` (which would read as a flag). */
export function checkPlain(value: string): void {
  if (value === '' || value.startsWith('-') || /[\s\0]/.test(value)) {
    throw invalid('engine.argument_invalid', `"${value}" is not a valid engine argument`);
  }
}

/** `--mount` is comma-separated key=value: a comma or quote in the path would add options. */
function checkWorkspace(path: string): void {
  if (!path.startsWith('/') || /[,"'\0\r\n]/.test(path)) {
    throw invalid(
      'engine.argument_invalid',
      `workspace "${path}" must be an absolute path without , or quotes`,
    );
  }
}

/**
 * Lists this runner's containers, running or not, one `<id>\t<job id>` line each (read it
 * with `parseGcList`). The label template is the one difference between the engines.
 */
export function buildGcListArgs(engine: ContainerEngineKind, runnerId: number): string[] {
  checkPositive(runnerId);
  const job = engine === 'docker' ? `{{.Label "${JOB_LABEL}"}}` : `{{index .Labels "${JOB_LABEL}"}}`;
  return ['ps', '-a', '--filter', `label=${RUNNER_LABEL}=${runnerId}`, '--format', `{{.ID}}\t${job}`];
}

/** One container of the GC listing; `jobId` is null when its job label is missing or bad. */
export interface GcListEntry {
  containerId: string;
  jobId: number | null;
}

/** Reads the output of `buildGcListArgs`; blank lines are skipped. */
export function parseGcList(stdout: string): GcListEntry[] {
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [containerId = '', label = ''] = line.split('\t');
      const jobId = /^[1-9][0-9]{0,15}$/.test(label.trim()) ? Number(label.trim()) : null;
      return { containerId, jobId };
    });
}

/** Stops a container: SIGTERM, then SIGKILL after `graceSeconds`. */
export function buildStopArgs(_engine: ContainerEngineKind, name: string, graceSeconds = 10): string[] {
  checkPlain(name);
  if (!Number.isSafeInteger(graceSeconds) || graceSeconds < 0) {
    throw invalid('engine.argument_invalid', `${graceSeconds} is not a whole number of seconds`);
  }
  // `-t` is the one spelling both engines accept (docker renamed `--time` to `--timeout`).
  return ['stop', '-t', String(graceSeconds), name];
}

/** Sends `signal` (default KILL) to a container at once. */
export function buildKillArgs(_engine: ContainerEngineKind, name: string, signal = 'KILL'): string[] {
  checkPlain(name);
  checkPlain(signal);
  return ['kill', '--signal', signal, name];
}

/**
 * Removes containers, killing them first if needed. docker exits non-zero when a name no
 * longer exists (the `--rm` of a finished step may win the race): callers treat "no such
 * container" as done. podman's `rm --force` stops a running container gracefully first
 * (10 s by default, seen in the orphan GC): `--time 0` makes it kill at once, as docker does.
 */
export function buildRemoveArgs(engine: ContainerEngineKind, names: readonly string[]): string[] {
  if (names.length === 0) throw invalid('engine.argument_invalid', 'no container to remove');
  for (const name of names) checkPlain(name);
  return engine === 'podman' ? ['rm', '--force', '--time', '0', ...names] : ['rm', '--force', ...names];
}
