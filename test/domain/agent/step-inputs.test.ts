// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow expressions are ${{ }} text
import { describe, expect, it } from 'vitest';
import { checkoutInputs, isCheckoutAction } from '../../../src/domain/agent/checkout-inputs.js';
import { prepareRunStep, repositoryName } from '../../../src/domain/agent/step-context.js';
import {
  job,
  jobResult,
  makeAgentWorld,
  runOneJob,
  SHA,
  step,
  stepResults,
} from '../../support/agent/agent-world.js';

describe('step inputs', () => {
  it.each([
    ['http://forge.test/alice/demo.git', 'alice/demo'],
    ['https://forge.test/sub/path/org%20x/repo.git', 'org x/repo'],
    ['http://forge.test/alice/demo', 'alice/demo'],
    ['', ''],
  ])('reads the repository of %s as %s', (url, name) => {
    expect(repositoryName(url)).toBe(name);
  });

  it.each([
    ['actions/checkout@v4', true],
    ['actions/checkout@v4.1.1', true],
    ['actions/checkout@v3', false],
    ['evil/checkout@v4', false],
  ])('treats uses %s as the checkout action: %s', (uses, expected) => {
    expect(isCheckoutAction(uses)).toBe(expected);
  });

  it.each([
    [{}, 1],
    [{ 'fetch-depth': '0' }, 0],
    [{ 'fetch-depth': '25' }, 25],
  ])('reads checkout inputs %j as depth %i', (inputs, depth) => {
    expect(checkoutInputs(inputs).fetchDepth).toBe(depth);
  });

  it.each([
    [{ 'fetch-depth': '-1' }, /fetch-depth must be an integer/],
    [{ 'fetch-depth': 'deep' }, /fetch-depth must be an integer/],
    [{ token: 'x' }, /input 'token' is not supported/],
  ])('refuses checkout inputs %j', (inputs, message) => {
    expect(() => checkoutInputs(inputs)).toThrow(message);
  });

  it('renders job and step env, keeps tainted values out of the script, and sets the default variables', () => {
    const j = job([], {
      env: { GREETING: 'hello', TITLE: '${{ github.event.head_commit.message }}' },
      eventPayload: { head_commit: { message: '$(rm -rf /)' } },
      secrets: { TOKEN: 's3cret-value' },
    });
    const s = step({
      run: 'echo ${{ env.GREETING }} ${{ github.event.head_commit.message }} ${{ secrets.TOKEN }}',
      env: { GREETING: '${{ env.GREETING }} world' },
    });
    const prepared = prepareRunStep(j, s, { status: 'success', workspace: '/workspace' });
    expect(prepared.script).toBe('echo hello world ${SHITHUB_INPUT_0} ${SHITHUB_INPUT_1}');
    expect(prepared.env).toMatchObject({
      GREETING: 'hello world',
      TITLE: '$(rm -rf /)',
      SHITHUB_INPUT_0: '$(rm -rf /)',
      SHITHUB_INPUT_1: 's3cret-value',
      CI: 'true',
      GITHUB_SHA: SHA,
      GITHUB_REPOSITORY: 'alice/demo',
      GITHUB_WORKSPACE: '/workspace',
      SHITHUB_REF_NAME: 'trunk',
    });
  });
});

describe('actions/checkout@v4 steps', () => {
  it('checks out the claimed commit with the checkout token and logs the scoped URL, not the token', async () => {
    const w = makeAgentWorld();
    const j = job([step({ id: 1, uses: 'actions/checkout@v4', with: { 'fetch-depth': '2' } })]);
    await runOneJob(w, j);
    expect(w.checkout.requests).toEqual([
      {
        workspace: `/ws/${j.runId}/${j.id}`,
        url: 'http://forge.test/alice/demo.git',
        token: 'checkout-token-secret',
        sha: SHA,
        ref: 'refs/heads/trunk',
        fetchDepth: 2,
      },
    ]);
    const log = w.controlPlane.logText(j.id, 1);
    expect(log).toContain(`Checking out http://forge.test/alice/demo.git at ${SHA}`);
    expect(log).not.toContain('checkout-token-secret');
    expect(jobResult(w, j)).toBe('completed/success');
  });

  it('fails the step with git’s reason when the checkout fails', async () => {
    const w = makeAgentWorld();
    w.checkout.next = 'HEAD is b, expected a';
    const j = job([step({ id: 1, uses: 'actions/checkout@v4' }), step({ id: 2, run: 'exit 0' })]);
    await runOneJob(w, j);
    expect(stepResults(w, j)).toEqual(['completed/failure', 'skipped/skipped']);
    expect(w.controlPlane.logText(j.id, 1)).toContain('checkout failed: HEAD is b, expected a');
  });

  it('times out a checkout that hangs past the step timeout', async () => {
    const w = makeAgentWorld();
    w.checkout.next = 'hang';
    const j = job([step({ id: 1, uses: 'actions/checkout@v4', timeoutMinutes: 2 })]);
    await runOneJob(w, j);
    expect(stepResults(w, j)).toEqual(['completed/timed_out']);
    expect(jobResult(w, j)).toBe('completed/timed_out');
  });
});
