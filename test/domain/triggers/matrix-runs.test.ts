import { describe, expect, it } from 'vitest';
import { parseClaim } from '../../../src/adapters/http/claim-wire.js';
import { buildClaimPayload } from '../../../src/domain/runner-api/claim-payload.js';
import { dispatchWorkflow } from '../../../src/domain/triggers/dispatch-workflow.js';
import type { ClaimedJob } from '../../../src/ports/model/queue.js';
import { makeTriggerWorld } from '../../support/trigger-world.js';

const DIR = '.shithub/workflows';

const MATRIX = `name: Matrix
on:
  push:
    branches: [trunk]
  workflow_dispatch:
jobs:
  test:
    runs-on: ubuntu-latest
    continue-on-error: true
    concurrency: test-\${{ matrix.node }}
    strategy:
      fail-fast: false
      matrix:
        node: [18, 20]
        include:
          - node: 22
            experimental: true
    steps:
      - run: echo node \${{ matrix.node }}
  report:
    needs: test
    runs-on: ubuntu-latest
    steps:
      - run: echo done
`;

async function world() {
  const w = makeTriggerWorld();
  const ada = await w.user('ada');
  const repo = await w.repo('ada');
  return { w, ada, repo };
}

describe('matrix runs', () => {
  it('stores one job per combination with its own matrix values and options when pushed', async () => {
    const { w, ada, repo } = await world();
    await w.push(repo, ada, 'trunk', { [`${DIR}/matrix.yml`]: MATRIX });
    const [run] = w.runs();
    const jobs = w.jobsOf(run!.id).sort((a, b) => a.jobIndex - b.jobIndex);
    expect(
      jobs.map((j) => [j.jobKey, j.matrix, j.matrixGroup, j.failFast, j.continueOnError, j.concurrencyGroup]),
    ).toEqual([
      ['test-1', { node: 18 }, 'test', false, true, 'test-18'],
      ['test-2', { node: 20 }, 'test', false, true, 'test-20'],
      ['test-3', { node: 22, experimental: true }, 'test', false, true, 'test-22'],
      ['report', {}, '', false, false, ''],
    ]);
    expect(jobs[3]!.needsJobs).toEqual(['test-1', 'test-2', 'test-3']);
  });

  it('keeps fail-fast on by default for a matrix job', async () => {
    const { w, ada, repo } = await world();
    const file = MATRIX.replace('      fail-fast: false\n', '');
    await w.push(repo, ada, 'trunk', { [`${DIR}/matrix.yml`]: file });
    const jobs = w.jobsOf(w.runs()[0]!.id);
    expect(jobs.map((j) => j.failFast)).toEqual([true, true, true, false]);
  });

  it('stores the same values for a dispatched run', async () => {
    const { w, ada, repo } = await world();
    w.git.commit(repo, 'trunk', { [`${DIR}/matrix.yml`]: MATRIX });
    const run = await dispatchWorkflow(w.deps, {
      repo,
      actor: { id: ada.id, name: 'ada' },
      file: 'matrix.yml',
    });
    expect(w.jobsOf(run.id).map((j) => j.matrix)).toEqual([
      { node: 18 },
      { node: 20 },
      { node: 22, experimental: true },
      {},
    ]);
  });

  it('carries the matrix values in the claim payload, and the runner reads them back', async () => {
    const { w, ada, repo } = await world();
    await w.push(repo, ada, 'trunk', { [`${DIR}/matrix.yml`]: MATRIX });
    const runner = await w.deps.runners.register(
      { name: 'r1', labels: ['ubuntu-latest'], capacity: 4, registeredByUserId: null },
      { tokenHash: new Uint8Array(32), expiresAt: null },
      w.deps.clock.now(),
    );
    if (runner === 'name_taken') throw new Error('unreachable');
    const runnerId = runner.id;
    const claimed = [];
    for (let i = 0; i < 3; i++) claimed.push(await w.deps.queue.claim({ runnerId, now: w.deps.clock.now() }));
    const payloads = claimed.map((c) => {
      const token = { token: 'api', jti: 'j', expiresAt: w.deps.clock.now() };
      return buildClaimPayload({
        claimed: c as ClaimedJob,
        apiToken: token,
        checkoutToken: { ...token, token: 'checkout' },
        secrets: { secrets: null, maskValues: null },
        baseUrl: 'http://forge.test',
      });
    });
    expect(payloads.map((p) => [p.job.job_key, p.job.matrix])).toEqual([
      ['test-1', { node: 18 }],
      ['test-2', { node: 20 }],
      ['test-3', { node: 22, experimental: true }],
    ]);
    const wire = JSON.parse(JSON.stringify(payloads[2])) as unknown;
    expect(parseClaim(wire).job.matrix).toEqual({ node: 22, experimental: true });
  });

  it('reads a claim without matrix (the original server) as an empty matrix', () => {
    const wire = { token: 't', expires_at: '', job: { id: 1, run_id: 2, repo_id: 3, steps: [] } };
    expect(parseClaim(wire).job.matrix).toEqual({});
  });
});
