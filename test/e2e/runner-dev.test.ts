/**
 * `shithubd dev`: the quick start shows a green run of the demo repository (SPEC §2.1), prints
 * the admin's web UI password once, and with Docker uses an image that exists — or says in
 * one line that the pull failed and runs the demo on the host engine instead.
 */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadServerConfig } from '../../src/apps/shithubd/config.js';
import { runDev } from '../../src/apps/shithubd/dev.js';
import { clientEnv, DOCKER_SKIP_NOTE, describeDocker, TEST_IMAGE } from '../support/agent/docker.js';
import { RecordingLog } from '../support/agent/fake-host.js';
import { eventually } from '../support/agent/runner-e2e.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

function startDev(dir: string, port: number, env: Record<string, string | undefined>) {
  let output = '';
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const config = loadServerConfig({ env: {}, cwd: dir, dataDirFlag: dir, listenFlag: `127.0.0.1:${port}` });
  const done = runDev(config, {
    stdout: (text) => {
      output += text;
    },
    env,
    stopped,
    runnerLog: new RecordingLog(),
  });
  return {
    output: () => output,
    stop: async () => {
      stop();
      await done;
    },
  };
}

/** Starts dev, waits for the demo run to end, and answers the run, the PAT and the output. */
async function devRun(env: Record<string, string | undefined>) {
  const dir = mkdtempSync(join(tmpdir(), 'shd-dev-'));
  const port = await freePort();
  const dev = startDev(dir, port, env);
  const pat = await eventually(
    async () => /PAT \(shown once[^)]*\): (shp_[0-9a-f]+)/.exec(dev.output())?.[1],
    120_000,
  );
  const runs = async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/repos/admin/demo/actions/runs`, {
      headers: { authorization: `Bearer ${pat}` },
    });
    return (await res.json()) as { total_count: number; workflow_runs: Record<string, unknown>[] };
  };
  const run = await eventually(async () => {
    const [latest] = (await runs()).workflow_runs;
    return latest?.status === 'completed' ? latest : undefined;
  }, 90_000);
  return { dir, port, dev, pat, run, runs };
}

/** Signs in to the web UI as a browser would; answers the status of the sign-in post. */
async function signIn(port: number, password: string): Promise<number> {
  const base = `http://127.0.0.1:${port}`;
  const form = await fetch(`${base}/login`);
  const nonce = /shithub_sign_in=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')?.[1] ?? '';
  const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const posted = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: `shithub_sign_in=${nonce}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, name: 'admin', password }).toString(),
  });
  return posted.status;
}

describe('shithubd dev', () => {
  it('starts a forge and a runner, prints the admin password, and the demo goes green; a restart reuses them', async () => {
    const env = { PATH: process.env.PATH, SHITHUB_RUNNER_ENGINE__KIND: 'host' };
    const { dir, port, dev, run, runs } = await devRun(env);
    expect(dev.output()).toContain('WARNING: no Docker or Podman answered');
    expect(run).toMatchObject({ event: 'push', head_branch: 'trunk', conclusion: 'success' });
    expect(dev.output()).toContain(`demo run: http://127.0.0.1:${port}/admin/demo/actions/runs/1`);
    const password = /password \(shown once[^)]*\): (\S+)/.exec(dev.output())?.[1] ?? '';
    expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(await signIn(port, password)).toBe(303);
    expect(await signIn(port, 'not the password')).toBe(401);
    await dev.stop();

    const second = startDev(dir, port, env);
    await eventually(async () => (second.output().includes('Press Ctrl-C') ? true : undefined));
    expect(second.output()).not.toContain('shp_');
    expect(second.output()).not.toContain(password);
    expect((await runs()).total_count).toBe(1);
    await second.stop();
  }, 180_000);
});

describeDocker(`shithubd dev with Docker${DOCKER_SKIP_NOTE}`, () => {
  const docker = { ...clientEnv() };

  it('runs the demo in containers of an image the engine already has', async () => {
    const { dev, run } = await devRun({ ...docker, SHITHUB_DEV_IMAGE: TEST_IMAGE });
    try {
      expect(dev.output()).toContain(`steps run in docker containers (network bridge, image ${TEST_IMAGE})`);
      expect(dev.output()).not.toContain('pulling');
      expect(run).toMatchObject({ conclusion: 'success' });
    } finally {
      await dev.stop();
    }
  }, 180_000);

  it('says in one line that the pull failed and runs the demo on the host engine instead', async () => {
    const missing = '127.0.0.1:9/shithub/missing:1';
    const { dev, run } = await devRun({ ...docker, SHITHUB_DEV_IMAGE: missing });
    try {
      expect(dev.output()).toContain(`pulling ${missing} with docker`);
      expect(dev.output()).toMatch(
        new RegExp(
          `could not pull ${missing.replace(/[.]/g, '\\.')} with docker \\(.+\\): falling back to the host engine\\n`,
        ),
      );
      expect(dev.output()).toContain(
        'WARNING: the step image could not be pulled: steps run on the HOST engine',
      );
      expect(run).toMatchObject({ conclusion: 'success' });
    } finally {
      await dev.stop();
    }
  }, 180_000);
});
