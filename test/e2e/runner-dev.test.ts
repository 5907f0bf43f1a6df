/** `shithubd dev`: the quick start shows a green run of the demo repository (SPEC §2.1). */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadServerConfig } from '../../src/apps/shithubd/config.js';
import { runDev } from '../../src/apps/shithubd/dev.js';
import { RecordingLog } from '../support/agent/fake-host.js';
import { eventually } from '../support/agent/runner-e2e.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

function startDev(dir: string, port: number) {
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
    env: { PATH: process.env.PATH, SHITHUB_RUNNER_ENGINE__KIND: 'host' },
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

describe('shithubd dev', () => {
  it('starts a forge and a runner, and the demo repository goes green; a restart reuses them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shd-dev-'));
    const port = await freePort();
    const first = startDev(dir, port);
    const pat = await eventually(
      async () => /PAT \(shown once[^)]*\): (shp_[0-9a-f]+)/.exec(first.output())?.[1],
    );
    expect(first.output()).toContain('WARNING: no Docker or Podman answered');
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
    expect(run).toMatchObject({ event: 'push', head_branch: 'trunk', conclusion: 'success' });
    await first.stop();

    const second = startDev(dir, port);
    await eventually(async () => (second.output().includes('Press Ctrl-C') ? true : undefined));
    expect(second.output()).not.toContain('shp_');
    expect((await runs()).total_count).toBe(1);
    await second.stop();
  }, 180_000);
});
