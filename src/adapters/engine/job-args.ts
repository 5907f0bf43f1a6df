/**
 * Pure argv for a job's own resources (SPEC §13, `services:`): the per-job network, the service
 * containers, their health probes and logs, and what the orphan GC lists. Same for docker and
 * podman except where noted.
 *
 * The job network is `--internal`: services get no route out, and a step (which also stays on
 * `engine.network`, behind its egress firewall) keeps that network's default route.
 *
 * Services run with the step hardening except two flags, on purpose: no `--read-only` (database
 * images write their data folder and sockets under the root filesystem) and no `--user` (their
 * entrypoints start as root to hand that folder to their own user). All capabilities are still
 * dropped but the five such an entrypoint needs (CHOWN, DAC_OVERRIDE, FOWNER, SETGID, SETUID),
 * with `no-new-privileges` and the seccomp profile. They mount nothing of the runner host.
 */

import { ENV_NAME } from '../../domain/env-names.js';
import { invalid } from '../../domain/errors.js';
import type { ContainerLimits } from '../../ports/job-services.js';
import { limitArgs } from './limit-args.js';
import { type ContainerEngineKind, checkPlain, checkPositive, JOB_LABEL, RUNNER_LABEL } from './run-args.js';

/** Marks service containers (its value is the service name), so `stopJob` finds only those. */
export const SERVICE_LABEL = 'shithub.service';
export const SERVICE_CAPABILITIES = ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'] as const;
const SERVICE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,62}$/;
const NETWORK_NAME = /^shithub-job-([1-9][0-9]{0,15})$/;

/** The network of a job: `shithub-job-<job id>`. */
export function jobNetworkName(jobId: number): string {
  checkPositive(jobId);
  return `shithub-job-${jobId}`;
}

/** The job id a job network's name carries; null for any other name. */
export function jobIdOfNetwork(name: string): number | null {
  const match = NETWORK_NAME.exec(name.trim());
  return match ? Number(match[1]) : null;
}

/** The container of a service: `shithub-job-<job id>-svc-<name>`. */
export function serviceContainerName(jobId: number, service: string): string {
  if (!SERVICE_NAME.test(service))
    throw invalid('engine.argument_invalid', `service name "${service}" must match ${SERVICE_NAME.source}`);
  return `${jobNetworkName(jobId)}-svc-${service}`;
}

export function buildNetworkCreateArgs(runnerId: number, jobId: number): string[] {
  checkPositive(runnerId);
  return [
    'network',
    'create',
    '--internal',
    '--label',
    `${RUNNER_LABEL}=${runnerId}`,
    '--label',
    `${JOB_LABEL}=${jobId}`,
    jobNetworkName(jobId),
  ];
}

/** Everything one service container needs (its env values travel in the client environment). */
export interface ServiceArgsInput {
  runnerId: number;
  jobId: number;
  service: string;
  image: string;
  envNames: readonly string[];
  memory: string;
  cpus: string;
  pidsLimit: number;
  seccompProfile: string;
  pull: 'missing' | 'never' | 'always';
  limits: ContainerLimits;
}

/** `run --detach …`: no `--rm`, so a service that died keeps its logs until `stopJob`. */
export function buildServiceArgs(input: ServiceArgsInput): string[] {
  checkPositive(input.pidsLimit);
  for (const value of [input.image, input.memory, input.cpus]) checkPlain(value);
  if (input.seccompProfile === '' || input.seccompProfile.includes('\0'))
    throw invalid('engine.argument_invalid', 'the seccomp profile must be a path or "unconfined"');
  const env = [...new Set(input.envNames)].flatMap((name) => {
    if (!ENV_NAME.test(name))
      throw invalid('step.env_name_invalid', `env name "${name}" must match ${ENV_NAME.source}`);
    return ['--env', name];
  });
  const { hostname: _unused, ...limits } = input.limits;
  return [
    'run',
    '--detach',
    '--name',
    serviceContainerName(input.jobId, input.service),
    '--label',
    `${RUNNER_LABEL}=${input.runnerId}`,
    '--label',
    `${JOB_LABEL}=${input.jobId}`,
    '--label',
    `${SERVICE_LABEL}=${input.service}`,
    '--network',
    jobNetworkName(input.jobId),
    '--network-alias',
    input.service,
    '--hostname',
    input.limits.hostname ?? input.service,
    ...limitArgs(limits, { memory: input.memory, cpus: input.cpus }),
    '--pids-limit',
    String(input.pidsLimit),
    '--cap-drop',
    'ALL',
    ...SERVICE_CAPABILITIES.flatMap((cap) => ['--cap-add', cap]),
    '--security-opt',
    'no-new-privileges',
    '--security-opt',
    `seccomp=${input.seccompProfile}`,
    ...env,
    `--pull=${input.pull}`,
    input.image,
  ];
}

/** Connects a created step container to the job network. */
export function buildNetworkConnectArgs(jobId: number, container: string): string[] {
  checkPlain(container);
  return ['network', 'connect', jobNetworkName(jobId), container];
}

/** Starts a created container and streams its output; exits with its exit code. */
export function buildStartAttachArgs(container: string): string[] {
  checkPlain(container);
  return ['start', '--attach', container];
}

/** The address of a container on the job network (both engines evaluate this template). */
export function buildAddressArgs(jobId: number, container: string): string[] {
  checkPlain(container);
  const network = jobNetworkName(jobId);
  return ['inspect', '--format', `{{(index .NetworkSettings.Networks "${network}").IPAddress}}`, container];
}

/** A health probe: `sh -c command` inside the service, as docker's `--health-cmd` runs it. */
export function buildProbeArgs(container: string, command: string): string[] {
  checkPlain(container);
  if (command.includes('\0')) throw invalid('engine.argument_invalid', 'the health command holds a NUL');
  return ['exec', container, 'sh', '-c', command];
}

export function buildLogsArgs(container: string, lines: number): string[] {
  checkPlain(container);
  checkPositive(lines);
  return ['logs', '--tail', String(lines), container];
}

/** The service containers of one job of this runner, one id per line. */
export function buildServiceListArgs(runnerId: number, jobId: number): string[] {
  checkPositive(runnerId);
  checkPositive(jobId);
  return [
    'ps',
    '-a',
    '--filter',
    `label=${RUNNER_LABEL}=${runnerId}`,
    '--filter',
    `label=${JOB_LABEL}=${jobId}`,
    '--filter',
    `label=${SERVICE_LABEL}`,
    '--format',
    '{{.ID}}',
  ];
}

/** This runner's job networks, one name per line (read the job id with `jobIdOfNetwork`). */
export function buildNetworkListArgs(_engine: ContainerEngineKind, runnerId: number): string[] {
  checkPositive(runnerId);
  return ['network', 'ls', '--filter', `label=${RUNNER_LABEL}=${runnerId}`, '--format', '{{.Name}}'];
}

export function buildNetworkRemoveArgs(names: readonly string[]): string[] {
  if (names.length === 0) throw invalid('engine.argument_invalid', 'no network to remove');
  for (const name of names)
    if (jobIdOfNetwork(name) === null)
      throw invalid('engine.argument_invalid', `"${name}" is not a job network`);
  return ['network', 'rm', ...names];
}
