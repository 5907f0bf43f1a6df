import { describe, expect, it } from 'vitest';
import { dispatchWorkflow } from '../../../src/domain/triggers/dispatch-workflow.js';
import { loadWorkflowDefinition } from '../../../src/domain/triggers/load-workflow-definition.js';
import { DISPATCH, makeTriggerWorld, SMOKE } from '../../support/trigger-world.js';

const DIR = '.shithub/workflows';

describe('loadWorkflowDefinition', () => {
  it('re-plans the jobs of a run from its file at its commit', async () => {
    const w = makeTriggerWorld();
    const ada = await w.user('ada');
    const repo = await w.repo('ada');
    await w.push(repo, ada, 'trunk', { [`${DIR}/smoke.yml`]: SMOKE });
    const [run] = w.runs();
    if (!run) throw new Error('no run');
    const definition = await loadWorkflowDefinition(w.deps, run);
    expect(definition).toMatchObject({ kind: 'found', workflowName: 'Smoke', jobs: [{ jobKey: 'green' }] });
    if (definition.kind === 'found') expect(definition.jobs[0]?.steps).toHaveLength(3);
  });

  it('keeps a dispatched run\u2019s inputs and says missing or invalid when the file changed', async () => {
    const w = makeTriggerWorld();
    const ada = await w.user('ada');
    const repo = await w.repo('ada');
    w.git.commit(repo, 'trunk', { [`${DIR}/deploy.yml`]: DISPATCH });
    const run = await dispatchWorkflow(w.deps, {
      repo,
      actor: { id: ada.id, name: 'ada' },
      file: 'deploy.yml',
      inputs: { target: 'production' },
    });
    expect((await loadWorkflowDefinition(w.deps, run)).kind).toBe('found');
    expect(await loadWorkflowDefinition(w.deps, { ...run, workflowFile: `${DIR}/gone.yml` })).toEqual({
      kind: 'missing',
    });
    expect(await loadWorkflowDefinition(w.deps, { ...run, headSha: 'f'.repeat(40) })).toEqual({
      kind: 'missing',
    });
    expect(await loadWorkflowDefinition(w.deps, { ...run, repoId: 999 })).toEqual({ kind: 'missing' });
    const broken = w.git.commit(repo, 'trunk', { [`${DIR}/deploy.yml`]: 'on: [' });
    expect((await loadWorkflowDefinition(w.deps, { ...run, headSha: broken })).kind).toBe('invalid');
  });
});
