/**
 * Gate for suites that need a container engine: `.ci/run` starts a throwaway dockerd and
 * sets SHITHUB_TEST_ENGINE=docker (+ DOCKER_HOST, SHITHUB_TEST_IMAGE); without it they skip
 * visibly.
 */
import { resolve } from 'node:path';
import { describe } from 'vitest';
import type { ContainerSettings } from '../../../src/adapters/engine/docker-podman.js';

export const TEST_ENGINE = process.env.SHITHUB_TEST_ENGINE === 'docker' ? 'docker' : null;
export const TEST_IMAGE = process.env.SHITHUB_TEST_IMAGE ?? 'shithub/runner-test:local';
export const SECCOMP_PROFILE = resolve(import.meta.dirname, '../../../ops/seccomp.json');

export const describeDocker: typeof describe.skip = TEST_ENGINE
  ? describe
  : (describe.skip as typeof describe.skip);

export const DOCKER_SKIP_NOTE = TEST_ENGINE
  ? ''
  : ' [skipped: set SHITHUB_TEST_ENGINE=docker (scripts/ci-docker.sh start DIR) to run with Docker]';

/** The engine client's environment for tests. */
export function clientEnv(): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  if (process.env.DOCKER_HOST) env.DOCKER_HOST = process.env.DOCKER_HOST;
  if (process.env.HOME) env.HOME = process.env.HOME;
  return env;
}

/** Container settings as a test runner uses them. */
export function testContainerSettings(overrides: Partial<ContainerSettings> = {}): ContainerSettings {
  return {
    kind: 'docker',
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
