/**
 * The `options:` of a job `container:` or a `services:` entry: on GitHub any `docker create`
 * flag; here a small allowlist, so a workflow can never loosen the runner's hardening
 * (`--privileged`, `--cap-add`, `--security-opt`, `-v`, `--network`, `--pid`, `--ipc`,
 * `--device`, `--user`, … are refused with a message naming the flag). Allowed:
 * - both: `--cpus N` and `--memory`/`-m SIZE` (capped at the runner's own limits),
 *   `--shm-size SIZE`, `--hostname`/`-h NAME`;
 * - services only: `--health-cmd CMD`, `--health-interval D`, `--health-timeout D`,
 *   `--health-retries N`, `--health-start-period D` (the runner runs the check itself).
 * The text is split like a shell line (quotes, backslashes), `--flag value` or `--flag=value`.
 */
import { parseDuration } from '../durations.js';
import { splitShellWords } from './shell-words.js';

export type ContainerUse = 'container' | 'service';

/** A service's health check, run by the runner in the service container (`sh -c command`). */
export interface HealthCheck {
  command: string;
  intervalMs: number;
  /** One probe longer than this counts as failed. */
  timeoutMs: number;
  /** Failed probes (after the start period) that make the service unhealthy. */
  retries: number;
  /** Failures in this first period do not count. */
  startPeriodMs: number;
}

export interface ContainerOptions {
  cpus: string | null;
  memory: string | null;
  shmSize: string | null;
  hostname: string | null;
  health: HealthCheck | null;
}

export type ParsedOptions = { ok: true; options: ContainerOptions } | { ok: false; message: string };

/** GitHub's advice for services is `--health-interval 10s`; docker's own defaults are slower. */
export const HEALTH_DEFAULTS = { intervalMs: 10_000, timeoutMs: 30_000, retries: 3, startPeriodMs: 0 };

const SIZE = /^[0-9]+(\.[0-9]+)?[bkmg]?$/i;
const CPUS = /^[0-9]+(\.[0-9]+)?$/;
const HOSTNAME = /^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$/;

type Setter = (value: string, into: Draft) => string | null;
interface Draft extends Omit<ContainerOptions, 'health'> {
  health: Partial<HealthCheck>;
}

const BOTH: Record<string, Setter> = {
  '--cpus': (v, d) => set(d, 'cpus', v, CPUS, 'a number of CPUs like 1 or 0.5'),
  '--memory': (v, d) => set(d, 'memory', v, SIZE, 'a size like 512m or 2g'),
  '-m': (v, d) => set(d, 'memory', v, SIZE, 'a size like 512m or 2g'),
  '--shm-size': (v, d) => set(d, 'shmSize', v, SIZE, 'a size like 64m'),
  '--hostname': (v, d) => set(d, 'hostname', v, HOSTNAME, 'a host name'),
  '-h': (v, d) => set(d, 'hostname', v, HOSTNAME, 'a host name'),
};

const SERVICE_ONLY: Record<string, Setter> = {
  '--health-cmd': (v, d) => {
    if (v.trim() === '') return 'must not be empty';
    d.health.command = v;
    return null;
  },
  '--health-interval': (v, d) => duration(v, (ms) => Object.assign(d.health, { intervalMs: ms })),
  '--health-timeout': (v, d) => duration(v, (ms) => Object.assign(d.health, { timeoutMs: ms })),
  '--health-start-period': (v, d) => duration(v, (ms) => Object.assign(d.health, { startPeriodMs: ms })),
  '--health-retries': (v, d) => {
    if (!/^[0-9]{1,3}$/.test(v) || Number(v) < 1) return 'must be a whole number from 1 to 999';
    d.health.retries = Number(v);
    return null;
  },
};

/** The allowed flags, as the refusal message lists them. */
export function allowedOptions(use: ContainerUse): string[] {
  return Object.keys(use === 'service' ? { ...BOTH, ...SERVICE_ONLY } : BOTH).filter((f) =>
    f.startsWith('--'),
  );
}

/** Parses `options:` (null: none) for a job container or a service. */
export function parseContainerOptions(text: string | null, use: ContainerUse): ParsedOptions {
  const draft: Draft = { cpus: null, memory: null, shmSize: null, hostname: null, health: {} };
  const words = splitShellWords(text ?? '');
  if (words === null) return { ok: false, message: 'options: an unterminated quote' };
  const setters = use === 'service' ? { ...BOTH, ...SERVICE_ONLY } : BOTH;
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] as string;
    const eq = word.startsWith('--') ? word.indexOf('=') : -1;
    const flag = eq === -1 ? word : word.slice(0, eq);
    const setter = Object.hasOwn(setters, flag) ? setters[flag] : undefined;
    if (setter === undefined) return { ok: false, message: refusal(flag, use) };
    const value = eq === -1 ? words[++i] : word.slice(eq + 1);
    if (value === undefined) return { ok: false, message: `options: ${flag} needs a value` };
    const problem = setter(value, draft);
    if (problem !== null) return { ok: false, message: `options: ${flag} ${problem}` };
  }
  const { health, ...rest } = draft;
  if (health.command === undefined && Object.keys(health).length > 0)
    return { ok: false, message: 'options: --health-* settings need a --health-cmd' };
  const check =
    health.command === undefined ? null : { ...HEALTH_DEFAULTS, ...health, command: health.command };
  return { ok: true, options: { ...rest, health: check } };
}

function refusal(flag: string, use: ContainerUse): string {
  const what = flag.startsWith('-') ? `'${flag}' is not allowed` : `'${flag}' is not an option`;
  const where = use === 'service' ? 'a service' : 'a job container';
  return `options: ${what} for ${where} (allowed: ${allowedOptions(use).join(', ')})`;
}

function set(d: Draft, key: 'cpus' | 'memory' | 'shmSize' | 'hostname', v: string, re: RegExp, rule: string) {
  if (!re.test(v)) return `must be ${rule}, not '${v}'`;
  d[key] = v;
  return null;
}

function duration(value: string, put: (ms: number) => void): string | null {
  try {
    const ms = parseDuration(value);
    if (ms <= 0) return 'must be a duration above zero';
    put(ms);
    return null;
  } catch {
    return `must be a duration like 10s or 1m30s, not '${value}'`;
  }
}
