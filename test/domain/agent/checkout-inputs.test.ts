import { describe, expect, it } from 'vitest';
import { checkoutInputs } from '../../../src/domain/agent/checkout-inputs.js';
import { job, makeAgentWorld, runOneJob, SHA, step, stepResults } from '../../support/agent/agent-world.js';

describe('actions/checkout inputs', () => {
  it.each([
    [
      'a ref and a path',
      { ref: 'release', path: './sub/dir/' },
      { ref: 'release', path: 'sub/dir', fetchDepth: 1 },
    ],
    [
      'inputs with no effect here',
      {
        'persist-credentials': 'false',
        clean: 'true',
        submodules: 'false',
        lfs: 'false',
        'sparse-checkout': '',
      },
      { ref: '', path: '', fetchDepth: 1, warnings: [] },
    ],
    ['its own repository', { repository: 'Alice/Demo' }, { ref: '' }],
    [
      'fetch-tags, ignored with a warning',
      { 'fetch-tags': 'true' },
      { warnings: ["##[warning]actions/checkout input 'fetch-tags' is ignored by this runner"] },
    ],
  ])('reads %s', (_name, inputs, expected) => {
    expect(checkoutInputs(inputs, 'alice/demo')).toMatchObject(expected);
  });

  it.each([
    [{ path: '../outside' }, /path '..\/outside' must be a folder inside the workspace/],
    [{ path: '/etc' }, /must be a folder inside the workspace/],
    [{ submodules: 'recursive' }, /input 'submodules: recursive' is not supported \(only false\)/],
    [{ lfs: 'true' }, /'lfs: true' is not supported/],
    [{ 'ssh-key': 'x' }, /input 'ssh-key' is not supported/],
    [{ repository: 'mallory/other' }, /cannot check out another repository \(mallory\/other\)/],
  ])('refuses %j', (inputs, message) => {
    expect(() => checkoutInputs(inputs, 'alice/demo')).toThrow(message);
  });

  it('checks out a named ref into a folder, and a commit by sha', async () => {
    const w = makeAgentWorld();
    const other = 'b'.repeat(40);
    const j = job([
      step({ id: 1, uses: 'actions/checkout@v4', with: { ref: 'release', path: 'src' } }),
      step({ id: 2, uses: 'actions/checkout@v4', with: { ref: other } }),
    ]);
    await runOneJob(w, j);
    expect(stepResults(w, j)).toEqual(['completed/success', 'completed/success']);
    expect(w.checkout.requests.map((r) => [r.sha, r.ref, r.path])).toEqual([
      ['', 'release', 'src'],
      [other, 'refs/heads/trunk', undefined],
    ]);
    expect(w.controlPlane.logText(j.id, 1)).toContain('at release');
    expect(SHA).not.toBe(other);
  });
});
