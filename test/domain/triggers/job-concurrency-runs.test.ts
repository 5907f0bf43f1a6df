/**
 * What a push stores for the claim's limits (issue #12 fix 5): a matrix's `max-parallel` on
 * each of its jobs, and a job-level `concurrency` group whose `cancel-in-progress` cancels
 * the older open jobs of that group in the repository (queued ones at once, running ones
 * asked to cancel), never jobs of other groups or of the new run itself.
 */
import { describe, expect, it } from 'vitest';
import { makeTriggerWorld } from '../../support/trigger-world.js';

const DIR = '.shithub/workflows';

const MATRIX = `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      max-parallel: 2
      matrix:
        node: [18, 20, 22]
    steps:
      - run: echo \${{ matrix.node }}
  lint:
    runs-on: ubuntu-latest
    steps:
      - run: echo lint
`;

const deploy = (cancel: boolean) => `on: push
jobs:
  ship:
    runs-on: ubuntu-latest
    concurrency:
      group: deploy-\${{ github.ref }}
      cancel-in-progress: ${cancel}
    steps:
      - run: echo ship
  test:
    runs-on: ubuntu-latest
    concurrency: tests
    steps:
      - run: echo test
`;

async function world() {
  const w = makeTriggerWorld();
  const ada = await w.user('ada');
  const repo = await w.repo('ada');
  const jobs = (runIndex: number) => {
    const run = w.runs()[runIndex]!;
    return Object.fromEntries(w.jobsOf(run.id).map((j) => [j.jobKey, j]));
  };
  return { w, ada, repo, jobs };
}

describe('job-level limits of a pushed workflow', () => {
  it('stores max-parallel on every job of the matrix and none on the others', async () => {
    const { w, ada, repo, jobs } = await world();
    await w.push(repo, ada, 'trunk', { [`${DIR}/m.yml`]: MATRIX });
    const stored = Object.values(jobs(0)).map((j) => [j.jobKey, j.matrixGroup, j.maxParallel]);
    expect(stored.sort()).toEqual([
      ['lint', '', 0],
      ['test-1', 'test', 2],
      ['test-2', 'test', 2],
      ['test-3', 'test', 2],
    ]);
  });

  it('cancels the older open job of a group with cancel-in-progress, leaving other groups alone', async () => {
    const { w, ada, repo, jobs } = await world();
    await w.push(repo, ada, 'trunk', { [`${DIR}/deploy.yml`]: deploy(true) });
    await w.push(repo, ada, 'trunk', { [`${DIR}/deploy.yml`]: `${deploy(true)}\n` });
    const first = jobs(0);
    const second = jobs(1);
    expect(first.ship).toMatchObject({
      concurrencyGroup: 'deploy-refs/heads/trunk',
      status: 'cancelled',
      conclusion: 'cancelled',
      statusReason: 'concurrency',
    });
    expect(first.test?.status).toBe('queued');
    expect(second.ship?.status).toBe('queued');
    const checks = await w.deps.checks.listCheckRuns(repo.id, w.runs()[0]!.headSha);
    expect(checks.find((c) => c.externalId.endsWith(':job:ship'))).toMatchObject({ conclusion: 'cancelled' });
  });

  it('leaves the older jobs of a group queued without cancel-in-progress', async () => {
    const { w, ada, repo, jobs } = await world();
    await w.push(repo, ada, 'trunk', { [`${DIR}/deploy.yml`]: deploy(false) });
    await w.push(repo, ada, 'trunk', { [`${DIR}/deploy.yml`]: `${deploy(false)}\n` });
    expect([jobs(0).ship?.status, jobs(1).ship?.status]).toEqual(['queued', 'queued']);
  });
});
