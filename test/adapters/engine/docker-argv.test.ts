/**
 * The docker/podman adapter against a stand-in engine binary that records its argv and
 * environment: runs everywhere, no daemon needed.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DockerPodmanEngine } from '../../../src/adapters/engine/docker-podman.js';

const dir = mkdtempSync(join(tmpdir(), 'fake-engine-'));
const binary = join(dir, 'fake-docker');
writeFileSync(
  binary,
  `#!/bin/sh\nprintf '%s\\n' "$@" > "${dir}/argv"\nenv > "${dir}/env"\necho "ran $1"\nexit 3\n`,
);
chmodSync(binary, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(['docker', 'podman'] as const)('%s adapter argv', (kind) => {
  const engine = new DockerPodmanEngine({
    kind,
    binary,
    image: 'example/image:1',
    pull: 'missing',
    network: 'shithub-actions',
    memory: '2g',
    cpus: '2',
    pidsLimit: 512,
    seccompProfile: '/etc/shithubd-runner/seccomp.json',
    user: '65534:65534',
    dnsServers: ['172.30.0.1'],
    clientEnv: { PATH: '/usr/bin:/bin', DOCKER_HOST: 'unix:///run/test.sock' },
  });

  it('passes every hardening flag, env names in argv and env values only in the environment', async () => {
    const output: Buffer[] = [];
    const started = await engine.startStep(
      {
        runnerId: 7,
        runId: 1,
        jobId: 12,
        stepId: 34,
        workspace: '/var/lib/ws/1/12',
        workingDirectory: 'src',
        env: { API_KEY: 'super-secret-value', CI: 'true' },
        shell: 'bash',
        script: 'make test',
      },
      (b) => output.push(Buffer.from(b)),
    );
    expect(await engine.waitStep(started)).toEqual({ exitCode: 3 });
    expect(Buffer.concat(output).toString()).toBe('ran run\n');
    const argv = readFileSync(join(dir, 'argv'), 'utf8').trimEnd().split('\n');
    expect(argv).toEqual([
      'run',
      '--rm',
      '--name',
      'shithub-job-12-step-34',
      '--label',
      'shithub.runner=7',
      '--label',
      'shithub.job=12',
      '--network',
      'shithub-actions',
      '--memory',
      '2g',
      '--cpus',
      '2',
      '--pids-limit',
      '512',
      '--read-only',
      '--tmpfs',
      '/tmp:rw,exec,nosuid,nodev,size=1g',
      '--cap-drop',
      'ALL',
      '--security-opt',
      'no-new-privileges',
      '--security-opt',
      'seccomp=/etc/shithubd-runner/seccomp.json',
      '--user',
      '65534:65534',
      '--workdir',
      '/workspace/src',
      '--mount',
      'type=bind,src=/var/lib/ws/1/12,dst=/workspace',
      '--dns',
      '172.30.0.1',
      '--env',
      'API_KEY',
      '--env',
      'CI',
      '--pull=missing',
      'example/image:1',
      'bash',
      '-e',
      '-o',
      'pipefail',
      '-c',
      'make test',
    ]);
    expect(argv.join(' ')).not.toContain('super-secret-value');
    expect(argv).not.toContain('--privileged');
    const env = readFileSync(join(dir, 'env'), 'utf8');
    expect(env).toContain('API_KEY=super-secret-value\n');
    expect(env).toContain('DOCKER_HOST=unix:///run/test.sock\n');
  });
});
