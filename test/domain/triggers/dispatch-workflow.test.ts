import { describe, expect, it } from 'vitest';
import { setActionsPolicy } from '../../../src/domain/forge/actions-policy.js';
import { dispatchWorkflow } from '../../../src/domain/triggers/dispatch-workflow.js';
import { DISPATCH, makeTriggerWorld, SMOKE } from '../../support/trigger-world.js';

const DIR = '.shithub/workflows';

async function world() {
  const w = makeTriggerWorld();
  const ada = await w.user('ada');
  const repo = await w.repo('ada');
  const sha = w.git.commit(repo, 'trunk', {
    [`${DIR}/deploy.yml`]: DISPATCH,
    [`${DIR}/smoke.yml`]: SMOKE,
    [`${DIR}/bad.yml`]: 'on: [',
  });
  const dispatch = (input: { file?: string; ref?: string; inputs?: Record<string, unknown> } = {}) =>
    dispatchWorkflow(w.deps, {
      repo,
      actor: { id: ada.id, name: 'ada' },
      file: input.file ?? 'deploy.yml',
      inputs: input.inputs ?? { target: 'staging' },
      ...(input.ref === undefined ? {} : { ref: input.ref }),
    });
  return { w, repo, sha, dispatch };
}

describe('dispatchWorkflow', () => {
  it('enqueues one run on the default branch with typed inputs and a random trigger id', async () => {
    const { w, sha, dispatch } = await world();
    const run = await dispatch();
    expect(run).toMatchObject({
      event: 'workflow_dispatch',
      headSha: sha,
      headRef: 'refs/heads/trunk',
      workflowFile: `${DIR}/deploy.yml`,
      eventPayload: { inputs: { target: 'staging', dry: 'true' } },
    });
    expect(run.triggerEventId).toMatch(new RegExp(`^dispatch:deploy\\.yml:${sha}:[0-9a-f]{16}$`));
    expect(w.jobsOf(run.id)).toMatchObject([{ jobKey: 'deploy', runsOn: ['self-hosted', 'linux'] }]);
    const again = await dispatch();
    expect(again.id).not.toBe(run.id);
  });

  it('accepts the full path, a tag, a full ref and a commit id as ref', async () => {
    const { w, repo, sha, dispatch } = await world();
    w.git.setRef(repo, 'refs/tags/v1', sha);
    expect((await dispatch({ file: `${DIR}/deploy.yml` })).headRef).toBe('refs/heads/trunk');
    expect((await dispatch({ ref: 'v1' })).headRef).toBe('refs/tags/v1');
    expect((await dispatch({ ref: 'refs/heads/trunk' })).headRef).toBe('refs/heads/trunk');
    expect((await dispatch({ ref: sha })).headSha).toBe(sha);
  });

  it.each([
    ['an unknown file', { file: 'nope.yml' }, 'not_found', 'workflow.not_found'],
    ['a path outside the workflows folder', { file: '../secrets.yml' }, 'not_found', 'workflow.not_found'],
    ['an unknown ref', { ref: 'nope' }, 'unprocessable', 'dispatch.ref_not_found'],
    ['a file that does not parse', { file: 'bad.yml' }, 'unprocessable', 'workflow.invalid'],
    [
      'a workflow without workflow_dispatch',
      { file: 'smoke.yml' },
      'unprocessable',
      'workflow.no_dispatch_trigger',
    ],
    [
      'a choice outside the options',
      { inputs: { target: 'moon' } },
      'unprocessable',
      'workflow.inputs_invalid',
    ],
    ['a missing required input', { inputs: {} }, 'unprocessable', 'workflow.inputs_invalid'],
  ])('refuses %s and stores nothing', async (_name, input, kind, code) => {
    const { w, dispatch } = await world();
    await expect(dispatch(input)).rejects.toMatchObject({ kind, code });
    expect(w.runs()).toEqual([]);
  });

  it('names every input problem in one message', async () => {
    const { dispatch } = await world();
    await expect(dispatch({ inputs: { target: 'moon', dry: 'maybe', extra: 1 } })).rejects.toMatchObject({
      message:
        "unknown input 'extra'; input 'target' must be one of staging, production; input 'dry' must be true or false",
    });
  });

  it('refuses with the policy reason while Actions are disabled', async () => {
    const { w, dispatch } = await world();
    await setActionsPolicy(w.deps, { scope: 'site', state: 'disabled' });
    await expect(dispatch()).rejects.toMatchObject({
      kind: 'conflict',
      code: 'actions.disabled',
      message: 'Actions are disabled for ada/scratch; no run was created',
    });
  });
});
