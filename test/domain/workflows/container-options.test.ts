// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow expressions are ${{ }} text
/**
 * The `options:` allowlist of job containers and services (issue #11 items 5 and 6): what is
 * allowed is parsed (shell quoting, `--flag value` and `--flag=value`), everything that could
 * loosen the runner's hardening is refused with a message naming the flag.
 */
import { describe, expect, it } from 'vitest';
import { isImageAllowed } from '../../../src/domain/agent/image-allowlist.js';
import {
  checkWorkflowFile,
  formatFileDiagnostic,
} from '../../../src/domain/workflows/check-workflow-file.js';
import { HEALTH_DEFAULTS, parseContainerOptions } from '../../../src/domain/workflows/container-options.js';
import { splitShellWords } from '../../../src/domain/workflows/shell-words.js';

describe('container options', () => {
  it('reads the allowed limits of a job container', () => {
    expect(
      parseContainerOptions('--cpus 1.5 -m 512m --shm-size=64m --hostname builder', 'container'),
    ).toEqual({
      ok: true,
      options: { cpus: '1.5', memory: '512m', shmSize: '64m', hostname: 'builder', health: null },
    });
  });

  it('reads a service health check with GitHub’s quoting, over the defaults', () => {
    const parsed = parseContainerOptions(
      `--health-cmd "pg_isready -U \\"postgres\\"" --health-interval 10s --health-timeout=5s --health-retries 5`,
      'service',
    );
    expect(parsed).toEqual({
      ok: true,
      options: {
        cpus: null,
        memory: null,
        shmSize: null,
        hostname: null,
        health: {
          ...HEALTH_DEFAULTS,
          command: 'pg_isready -U "postgres"',
          intervalMs: 10_000,
          timeoutMs: 5000,
          retries: 5,
        },
      },
    });
  });

  it.each([
    ['--privileged', 'container'],
    ['--cap-add SYS_ADMIN', 'service'],
    ['--security-opt seccomp=unconfined', 'container'],
    ['-v /:/host', 'service'],
    ['--volume=/etc:/etc', 'container'],
    ['--network host', 'container'],
    ['--pid host', 'service'],
    ['--ipc=host', 'container'],
    ['--device /dev/kvm', 'service'],
    ['--user root', 'container'],
    ['--entrypoint sh', 'service'],
    ['--health-cmd true', 'container'],
  ] as const)('refuses %s for a %s, naming the flag', (options, use) => {
    const parsed = parseContainerOptions(options, use);
    const flag = options.split(/[ =]/)[0];
    expect(parsed).toEqual({ ok: false, message: expect.stringContaining(`'${flag}' is not allowed`) });
  });

  it.each([
    ['--cpus lots', "options: --cpus must be a number of CPUs like 1 or 0.5, not 'lots'"],
    ['--memory', 'options: --memory needs a value'],
    ['--health-interval 10s', 'options: --health-* settings need a --health-cmd'],
    ['--health-cmd x --health-retries 0', 'options: --health-retries must be a whole number from 1 to 999'],
    [
      '--health-cmd x --health-timeout soon',
      "options: --health-timeout must be a duration like 10s or 1m30s, not 'soon'",
    ],
    ['--health-cmd "unclosed', 'options: an unterminated quote'],
    [
      'pg_isready',
      "options: 'pg_isready' is not an option for a service (allowed: --cpus, --memory, --shm-size, --hostname, --health-cmd, --health-interval, --health-timeout, --health-start-period, --health-retries)",
    ],
  ])('says what is wrong with %s', (options, message) => {
    expect(parseContainerOptions(options, 'service')).toEqual({ ok: false, message });
  });

  it('splits words as a shell does, without expanding anything', () => {
    expect(splitShellWords(`a 'b c' "d \\"e\\"" f\\ g $HOME ''`)).toEqual([
      'a',
      'b c',
      'd "e"',
      'f g',
      '$HOME',
      '',
    ]);
  });
});

describe('container options when a workflow is parsed', () => {
  it('reports a forbidden option at its key, and leaves options with an expression to the runner', () => {
    const text = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: x',
      "    container: {image: 'node:20', options: --cpus 1 --privileged}",
      '    services:',
      "      db: {image: postgres, options: '--health-cmd pg_isready --pid=host'}",
      "      ok: {image: redis, options: '${{ vars.REDIS_OPTIONS }}'}",
      '    steps: [{run: a}]',
      '',
    ].join('\n');
    expect(checkWorkflowFile('ci.yml', text).map(formatFileDiagnostic)).toEqual([
      "ci.yml:5:35: error: jobs.a.container.options: '--privileged' is not allowed for a job container (allowed: --cpus, --memory, --shm-size, --hostname)",
      "ci.yml:7:29: error: jobs.a.services.db.options: '--pid' is not allowed for a service (allowed: --cpus, --memory, --shm-size, --hostname, --health-cmd, --health-interval, --health-timeout, --health-start-period, --health-retries)",
    ]);
  });
});

describe('the image allowlist', () => {
  it.each([
    [['*'], 'anything/at:all', true],
    [['docker.io/library/*'], 'docker.io/library/postgres:16', true],
    [['docker.io/library/*'], 'postgres:16', false],
    [['ghcr.io/acme/*', 'redis:7'], 'redis:7', true],
    [['ghcr.io/acme/*'], 'ghcr.io/acme.evil/x:1', false],
    [['node:*-alpine'], 'node:20-alpine', true],
    [['node:*-alpine'], 'node:20', false],
  ])('%j allows %s: %s', (patterns, image, allowed) => {
    expect(isImageAllowed(patterns, image)).toBe(allowed);
  });
});
