/** Moving over from GitHub (issue #11): `.github/workflows/`, and files that only warn. */
import { describe, expect, it } from 'vitest';
import { dispatchWorkflow } from '../../../src/domain/triggers/dispatch-workflow.js';
import type { TriggerRequest } from '../../../src/domain/triggers/trigger-request.js';
import { triggerWorkflows } from '../../../src/domain/triggers/trigger-workflows.js';
import { DISPATCH, makeTriggerWorld, SMOKE } from '../../support/trigger-world.js';

async function world(files: Record<string, string>) {
  const w = makeTriggerWorld();
  const ada = await w.user('ada');
  const repo = await w.repo('ada');
  const sha = w.git.commit(repo, 'trunk', files);
  const push: TriggerRequest = {
    repo,
    event: 'push',
    match: { kind: 'push', ref: 'refs/heads/trunk', changedPaths: null },
    sha,
    ref: 'refs/heads/trunk',
    payload: { ref: 'refs/heads/trunk' },
    actor: { id: ada.id, name: 'ada' },
    triggerEventId: `push:${sha.slice(0, 6)}`,
  };
  const dispatch = (file: string) =>
    dispatchWorkflow(w.deps, {
      repo,
      actor: { id: ada.id, name: 'ada' },
      file,
      inputs: { target: 'staging' },
    });
  return { w, push, dispatch };
}

describe('workflow discovery falls back to .github/workflows', () => {
  it('runs the files of .github/workflows when .shithub/workflows has none', async () => {
    const { w, push } = await world({
      '.github/workflows/ci.yml': SMOKE.replace('Smoke', 'CI'),
      '.github/workflows/README.md': 'not a workflow',
    });
    const report = await triggerWorkflows(w.deps, push);
    expect(report.runs.map((r) => [r.file, r.run.workflowName])).toEqual([
      ['.github/workflows/ci.yml', 'CI'],
    ]);
  });

  it('ignores .github/workflows when .shithub/workflows has workflow files', async () => {
    const { w, push } = await world({
      '.shithub/workflows/smoke.yml': SMOKE,
      '.github/workflows/ci.yml': SMOKE.replace('Smoke', 'CI'),
    });
    const report = await triggerWorkflows(w.deps, push);
    expect(report.runs.map((r) => r.file)).toEqual(['.shithub/workflows/smoke.yml']);
  });

  it('dispatches a file of .github/workflows by its bare name or its path', async () => {
    const { dispatch } = await world({ '.github/workflows/deploy.yml': DISPATCH });
    expect((await dispatch('deploy.yml')).workflowFile).toBe('.github/workflows/deploy.yml');
    expect((await dispatch('.github/workflows/deploy.yml')).workflowFile).toBe(
      '.github/workflows/deploy.yml',
    );
  });
});

describe('a workflow with warnings only', () => {
  it('runs on push although it also names events shithub never fires', async () => {
    const { w, push } = await world({
      '.shithub/workflows/ci.yml': SMOKE.replace('on:', 'on:\n  release:\n  merge_group:'),
    });
    const report = await triggerWorkflows(w.deps, push);
    expect(report.invalidFiles).toEqual([]);
    expect(report.runs.map((r) => [r.file, r.run.conclusion])).toEqual([['.shithub/workflows/ci.yml', null]]);
  });
});
