/** `shithubd-runner` as a process: version, config errors, start-up checks, backoff and SIGTERM. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const BIN = resolve(import.meta.dirname, '../../bin/shithubd-runner.js');
const run = (args: string[], env: Record<string, string> = {}) =>
  execa(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    extendEnv: false,
    reject: false,
  });

describe('shithubd-runner command line', () => {
  it('prints its version', async () => {
    const result = await run(['version']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^shithubd-runner \d+\.\d+\.\d+$/);
  });

  it('exits 2 naming the key and the rule for bad configuration', async () => {
    const result = await run(['run', '--capacity', '0'], { SHITHUB_RUNNER_TOKEN: 't' });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/runner\.capacity.*integer from 1 to 64/);
    const missing = await run(['run', '--config', '/nowhere.toml']);
    expect([missing.exitCode, missing.stderr.trim()]).toEqual([
      2,
      'error: config file /nowhere.toml: not found',
    ]);
  });

  it('refuses to start when the container engine does not answer', async () => {
    const result = await run(['run', '--token', 't', '--seccomp-profile', 'unconfined'], {
      DOCKER_HOST: 'unix:///nonexistent/docker.sock',
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/docker does not answer/);
  });

  it('keeps running with backoff while the server is unreachable, and exits 0 on SIGTERM', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'runner-cli-'));
    const child = execa(
      process.execPath,
      [
        BIN,
        'run',
        '--server-url',
        'http://127.0.0.1:9',
        '--token',
        't',
        '--engine',
        'host',
        '--workspace-root',
        ws,
      ],
      { env: { PATH: process.env.PATH ?? '' }, extendEnv: false, reject: false },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    for (let i = 0; i < 100 && (stderr.match(/heartbeat failed/g) ?? []).length < 2; i++) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(child.exitCode).toBeNull();
    expect(stderr).toContain('heartbeat failed; backing off');
    expect(stderr).not.toContain('"t"');
    child.kill('SIGTERM');
    const result = await child;
    expect(result.exitCode).toBe(0);
    expect(stderr).toContain('stopping: no new jobs');
  });
});
