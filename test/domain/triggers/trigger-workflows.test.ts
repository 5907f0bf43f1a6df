import { describe, expect, it } from 'vitest';
import type { TriggerRequest } from '../../../src/domain/triggers/trigger-request.js';
import { triggerWorkflows } from '../../../src/domain/triggers/trigger-workflows.js';
import type { Repo } from '../../../src/ports/model/forge.js';
import { makeTriggerWorld, SMOKE } from '../../support/trigger-world.js';

const DIR = '.shithub/workflows';

function pushRequest(
  repo: Repo,
  sha: string,
  ref = 'refs/heads/trunk',
  changedPaths: string[] | null = null,
): TriggerRequest {
  return {
    repo,
    event: 'push',
    match: { kind: 'push', ref, changedPaths },
    sha,
    ref,
    payload: { ref },
    actor: null,
    triggerEventId: `push:${sha.slice(0, 6)}`,
  };
}

async function world(files: Record<string, string>) {
  const w = makeTriggerWorld();
  const ada = await w.user('ada');
  const repo = await w.repo('ada');
  const sha = w.git.commit(repo, 'trunk', files);
  const request = (extra: Partial<TriggerRequest> = {}) => ({
    ...pushRequest(repo, sha),
    actor: { id: ada.id, name: 'ada' },
    ...extra,
  });
  return { w, ada, repo, sha, request };
}

const concurrency = (cancel: boolean) =>
  `name: Deploy\non: push\nconcurrency:\n  group: deploy-\${{ github.ref }}\n  cancel-in-progress: ${cancel}\njobs:\n  ship:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ship\n`;

describe('triggerWorkflows', () => {
  it('reads .yml and .yaml files at the commit, in path order, and skips other files', async () => {
    const { w, request } = await world({
      [`${DIR}/b.yaml`]: SMOKE.replace('Smoke', 'B'),
      [`${DIR}/a.yml`]: SMOKE.replace('Smoke', 'A'),
      [`${DIR}/notes.md`]: 'not a workflow',
      [`${DIR}/nested/c.yml`]: SMOKE,
    });
    const report = await triggerWorkflows(w.deps, request());
    expect(report.runs.map((r) => [r.file, r.run.workflowName])).toEqual([
      [`${DIR}/a.yml`, 'A'],
      [`${DIR}/b.yaml`, 'B'],
    ]);
  });

  it('stores the smoke job with its three steps and one queued check run', async () => {
    const { w, request, sha } = await world({ [`${DIR}/smoke.yml`]: SMOKE });
    const [entry] = (await triggerWorkflows(w.deps, request())).runs;
    const jobs = w.jobsOf(entry?.run.id ?? 0);
    expect(jobs).toMatchObject([
      { jobKey: 'green', jobName: 'green', runsOn: ['ubuntu-latest'], timeoutMinutes: 360 },
    ]);
    const steps = w.stepsOf(jobs[0]?.id ?? 0);
    expect(steps.map((s) => [s.stepName, s.usesAlias, s.runCommand !== ''])).toEqual([
      ['Run actions/checkout@v4', 'actions/checkout@v4', false],
      ['Verify checkout', '', true],
      ['Smoke', '', true],
    ]);
    const checks = await w.deps.checks.listCheckRuns(entry?.run.repoId ?? 0, sha);
    expect(checks).toMatchObject([
      { externalId: `workflow_run:${entry?.run.id}:job:green`, status: 'queued', name: 'green' },
    ]);
  });

  it('gives a file that fails to parse a failed run carrying its diagnostics', async () => {
    const { w, request, sha } = await world({
      [`${DIR}/broken.yml`]: 'on: push\njobs:\n  a:\n    runs-on: x\n    stepz: []\n',
    });
    const report = await triggerWorkflows(w.deps, request());
    expect(report.invalidFiles[0]?.file).toBe(`${DIR}/broken.yml`);
    const run = report.runs[0]?.run;
    expect(run).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
      workflowName: `${DIR}/broken.yml`,
    });
    expect(JSON.stringify(run?.diagnostics)).toContain('stepz');
    expect(w.jobsOf(run?.id ?? 0)).toEqual([]);
    expect(await w.deps.checks.listCheckRuns(run?.repoId ?? 0, sha)).toMatchObject([
      { externalId: `workflow_run:${run?.id}`, status: 'completed', conclusion: 'failure' },
    ]);
  });

  it('reports a file over 64 KiB without reading it', async () => {
    const { w, request } = await world({ [`${DIR}/huge.yml`]: `# ${'x'.repeat(70_000)}\n${SMOKE}` });
    const report = await triggerWorkflows(w.deps, request());
    expect(report.invalidFiles[0]?.diagnostics[0]?.message).toMatch(/the limit is 65536 bytes/);
  });

  it('creates no failed run for a broken file on dispatch', async () => {
    const { w, request } = await world({ [`${DIR}/broken.yml`]: 'on: [push' });
    const report = await triggerWorkflows(
      w.deps,
      request({ event: 'workflow_dispatch', match: { kind: 'workflow_dispatch' } }),
    );
    expect(report.runs).toEqual([]);
    expect(report.invalidFiles).toHaveLength(1);
  });

  it('lets path filters see the changed paths of a push', async () => {
    const paths = `on:\n  push:\n    paths: ['src/**']\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n`;
    const { w, request } = await world({ [`${DIR}/paths.yml`]: paths });
    expect(
      (
        await triggerWorkflows(
          w.deps,
          request({ match: { kind: 'push', ref: 'refs/heads/trunk', changedPaths: ['docs/a.md'] } }),
        )
      ).runs,
    ).toEqual([]);
    const hit = await triggerWorkflows(
      w.deps,
      request({ match: { kind: 'push', ref: 'refs/heads/trunk', changedPaths: ['src/a.ts'] } }),
    );
    expect(hit.runs).toHaveLength(1);
  });

  it('resolves the concurrency group with the ref and cancels older runs when asked', async () => {
    const { w, request } = await world({ [`${DIR}/deploy.yml`]: concurrency(true) });
    const first = (await triggerWorkflows(w.deps, request({ triggerEventId: 'push:1' }))).runs[0]?.run;
    expect(first?.concurrencyGroup).toBe('deploy-refs/heads/trunk');
    const second = (await triggerWorkflows(w.deps, request({ triggerEventId: 'push:2' }))).runs[0]?.run;
    expect(w.runs().find((r) => r.id === first?.id)).toMatchObject({
      status: 'completed',
      conclusion: 'cancelled',
    });
    expect(w.runs().find((r) => r.id === second?.id)?.status).toBe('queued');
    const checks = await w.deps.checks.listCheckRuns(first?.repoId ?? 0, first?.headSha ?? '');
    expect(checks.find((c) => c.externalId === `workflow_run:${first?.id}:job:ship`)).toMatchObject({
      status: 'completed',
      conclusion: 'cancelled',
    });
  });

  it('leaves older runs of the group alone without cancel-in-progress', async () => {
    const { w, request } = await world({ [`${DIR}/deploy.yml`]: concurrency(false) });
    await triggerWorkflows(w.deps, request({ triggerEventId: 'push:1' }));
    await triggerWorkflows(w.deps, request({ triggerEventId: 'push:2' }));
    expect(w.runs().map((r) => r.status)).toEqual(['queued', 'queued']);
  });

  it('turns a job whose labels resolve to nothing into a failed run', async () => {
    const empty = `on: push\njobs:\n  a:\n    runs-on: \${{ inputs.none }}\n    steps:\n      - run: echo\n`;
    const { w, request } = await world({ [`${DIR}/empty.yml`]: empty });
    const report = await triggerWorkflows(w.deps, request());
    expect(report.runs[0]?.run).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(report.invalidFiles[0]?.diagnostics[0]?.message).toMatch(/runs-on resolves to no label/);
  });

  it('plans jobs from a matrix and merges workflow env under job env', async () => {
    const matrix = `on: push\nenv:\n  A: top\n  B: top\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      B: job\n    strategy:\n      matrix:\n        node: [18, 20]\n    steps:\n      - run: echo\n`;
    const { w, request } = await world({ [`${DIR}/m.yml`]: matrix });
    const run = (await triggerWorkflows(w.deps, request())).runs[0]?.run;
    const jobs = w.jobsOf(run?.id ?? 0);
    expect(jobs.map((j) => [j.jobKey, j.jobName])).toEqual([
      ['test-1', 'test (18)'],
      ['test-2', 'test (20)'],
    ]);
    expect(jobs[0]?.jobEnv).toEqual({ A: 'top', B: 'job' });
  });
});
