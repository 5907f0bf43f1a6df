/**
 * The resource flags of a step or service container (pure): the runner's `--memory` and
 * `--cpus`, lowered (never raised) by what a workflow's `options:` asks, plus `--shm-size`
 * (at most the memory limit) and `--hostname`.
 */
import { invalid } from '../../domain/errors.js';
import type { ContainerLimits } from '../../ports/job-services.js';

const SIZE = /^([0-9]+(?:\.[0-9]+)?)([bkmg]?)$/i;
const UNIT: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
const HOSTNAME = /^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$/;

/** `--memory M --cpus C [--shm-size S] [--hostname H]`; throws `invalid` for a malformed value. */
export function limitArgs(asked: ContainerLimits, runner: { memory: string; cpus: string }): string[] {
  const memory =
    asked.memory && bytesOf(asked.memory) < bytesOf(runner.memory) ? asked.memory : runner.memory;
  const cpus = asked.cpus && cpusOf(asked.cpus) < cpusOf(runner.cpus) ? asked.cpus : runner.cpus;
  const args = ['--memory', memory, '--cpus', cpus];
  if (asked.shmSize !== undefined) {
    const shm = bytesOf(asked.shmSize) < bytesOf(memory) ? asked.shmSize : memory;
    args.push('--shm-size', shm);
  }
  if (asked.hostname !== undefined) {
    if (!HOSTNAME.test(asked.hostname))
      throw invalid('engine.argument_invalid', `"${asked.hostname}" is not a host name`);
    args.push('--hostname', asked.hostname);
  }
  return args;
}

/** `512m` → bytes, as docker reads a size. */
export function bytesOf(size: string): number {
  const match = SIZE.exec(size);
  if (!match) throw invalid('engine.argument_invalid', `"${size}" is not a size like 512m or 2g`);
  return Number(match[1]) * (UNIT[(match[2] ?? '').toLowerCase()] ?? 1);
}

function cpusOf(cpus: string): number {
  const n = Number(cpus);
  if (!/^[0-9]+(\.[0-9]+)?$/.test(cpus) || !Number.isFinite(n))
    throw invalid('engine.argument_invalid', `"${cpus}" is not a number of CPUs`);
  return n;
}
