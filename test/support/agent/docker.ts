/**
 * Gate for suites that need a container engine. `.ci/run` starts a throwaway dockerd
 * (scripts/ci-docker.sh: DOCKER_HOST, SHITHUB_TEST_IMAGE) and a private podman setup
 * (scripts/ci-podman.sh: CONTAINERS_CONF, CONTAINERS_STORAGE_CONF) and sets
 * SHITHUB_TEST_ENGINES=docker,podman; SHITHUB_TEST_ENGINE=docker alone still enables the
 * Docker leg. Each engine's leg skips visibly without its engine.
 */
import { resolve } from 'node:path';
import { execa } from 'execa';
import { describe } from 'vitest';
import type { ContainerSettings } from '../../../src/adapters/engine/docker-podman.js';
import type { ContainerEngineKind } from '../../../src/adapters/engine/run-args.js';

const ENABLED = (process.env.SHITHUB_TEST_ENGINES ?? process.env.SHITHUB_TEST_ENGINE ?? '')
  .split(',')
  .map((name) => name.trim());

export const TEST_ENGINES: readonly ContainerEngineKind[] = ['docker', 'podman'];
export const TEST_ENGINE = ENABLED.includes('docker') ? 'docker' : null;
export const TEST_IMAGE = process.env.SHITHUB_TEST_IMAGE ?? 'shithub/runner-test:local';
export const SECCOMP_PROFILE = resolve(import.meta.dirname, '../../../ops/seccomp.json');

/** `describe` when `engine` is enabled, else `describe.skip`. */
export function describeEngine(engine: ContainerEngineKind): typeof describe.skip {
  return ENABLED.includes(engine) ? describe : (describe.skip as typeof describe.skip);
}

/** What a skipped leg's title says. */
export function engineSkipNote(engine: ContainerEngineKind): string {
  if (ENABLED.includes(engine)) return '';
  const script = engine === 'docker' ? 'scripts/ci-docker.sh' : 'scripts/ci-podman.sh';
  return ` [skipped: set SHITHUB_TEST_ENGINES=${engine} (${script} start DIR) to run with ${engine}]`;
}

export const describeDocker = describeEngine('docker');
export const DOCKER_SKIP_NOTE = engineSkipNote('docker');

/** The engine client's environment for tests: where each engine's daemon or storage is. */
export function clientEnv(): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  for (const name of [
    'DOCKER_HOST',
    'HOME',
    'CONTAINERS_CONF',
    'CONTAINERS_STORAGE_CONF',
    'XDG_RUNTIME_DIR',
  ]) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  return env;
}

/** Container settings as a test runner uses them. */
export function testContainerSettings(
  overrides: Partial<ContainerSettings> = {},
  kind: ContainerEngineKind = 'docker',
): ContainerSettings {
  return {
    kind,
    image: TEST_IMAGE,
    pull: 'never',
    network: 'shithub-actions',
    memory: '256m',
    cpus: '1',
    pidsLimit: 128,
    seccompProfile: SECCOMP_PROFILE,
    user: '65534:65534',
    dnsServers: [],
    clientEnv: clientEnv(),
    ...overrides,
  };
}

/** Step containers (running or not) of a job, by label. */
export async function containersOfJob(engine: ContainerEngineKind, jobId: number): Promise<string[]> {
  const args = ['ps', '-a', '--filter', `label=shithub.job=${jobId}`, '--format', '{{.ID}}'];
  const listed = await execa(engine, args, { env: clientEnv(), extendEnv: false });
  return listed.stdout.split('\n').filter((line) => line.trim() !== '');
}
