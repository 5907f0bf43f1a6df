import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadServerConfig } from '../../src/apps/shithubd/config.js';
import { startLoops } from '../../src/apps/shithubd/loops.js';
import { createRepo } from '../../src/domain/forge/repository.js';
import { createUser } from '../../src/domain/forge/user.js';
import type { FakeGit } from '../support/fake-git.js';
import { makeMemoryDeps } from '../support/memory-deps.js';

const config = loadServerConfig({ env: {}, cwd: '/tmp' });
const quiet = pino({ level: 'silent' });

const NIGHTLY = `on:
  schedule:
    - cron: '0 3 * * *'
jobs:
  sweep:
    runs-on: ubuntu-latest
    steps:
      - run: echo sweeping
`;

describe('schedule loop', () => {
  it('enqueues a run of a scheduled workflow once per fire time', async () => {
    const deps = makeMemoryDeps();
    await createUser(deps, { name: 'alice' });
    const repo = await createRepo(deps, { ownerName: 'alice', name: 'app' });
    const git = deps.git as FakeGit;
    git.commit(repo, repo.defaultBranch, { '.shithub/workflows/nightly.yml': NIGHTLY });
    deps.clock.set(new Date('2026-03-02T03:00:20Z'));
    const loops = startLoops(deps, config, quiet);
    await loops.runAll();
    deps.clock.advance(60_000);
    await loops.runAll();
    await loops.stop();
    const runs = [...deps.state.tables.runs.values()];
    expect(runs).toMatchObject([
      {
        event: 'schedule',
        headRef: `refs/heads/${repo.defaultBranch}`,
        workflowFile: '.shithub/workflows/nightly.yml',
      },
    ]);
  });
});
