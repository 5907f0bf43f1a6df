// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow expressions are ${{ }} text
/**
 * The jobs of a reusable workflow call in the `needs` context (issue #11 item 8): from outside,
 * one entry named after the caller with the called file's outputs; inside, each by its own key.
 * And the secrets a call passes (`secrets: inherit` or a map; never any for a pull request).
 */
import { describe, expect, it } from 'vitest';
import { needsContext } from '../../../src/domain/jobs/needs-context.js';
import { bindCallSecrets } from '../../../src/domain/runner-api/call-secrets.js';
import type { Conclusion, Job, JobCallBinding } from '../../../src/ports/model/run.js';

type Needed = Pick<Job, 'jobKey' | 'matrixGroup' | 'status' | 'conclusion' | 'outputs' | 'call'>;
const call = (job: string): JobCallBinding => ({
  caller: 'build',
  job,
  inputs: {},
  secrets: 'inherit',
  outputs: {
    artifact: '${{ jobs.compile.outputs.file }}-${{ jobs.test.result }}',
    none: '${{ jobs.gone.outputs.x }}',
  },
});
const called = (key: string, conclusion: Conclusion, outputs = {}, matrixGroup = ''): Needed => ({
  jobKey: `build/${key}`,
  matrixGroup: matrixGroup === '' ? '' : `build/${matrixGroup}`,
  status: 'completed',
  conclusion,
  outputs,
  call: call(matrixGroup || key),
});

describe('the needs context of a reusable workflow call', () => {
  const jobs = [
    called('compile', 'success', { file: 'app.tgz' }),
    called('test-1', 'success', {}, 'test'),
    called('test-2', 'failure', {}, 'test'),
  ];

  it('gives a dependent of the caller one entry: the combined result and the called file outputs', () => {
    expect(needsContext(jobs, ['build/compile', 'build/test-1', 'build/test-2'])).toEqual({
      build: { result: 'failure', outputs: { artifact: 'app.tgz-failure', none: '' } },
    });
  });

  it('names the jobs of the same call by their own keys inside it', () => {
    expect(needsContext(jobs, ['build/compile'], { call: call('deploy') })).toEqual({
      compile: { result: 'success', outputs: { file: 'app.tgz' } },
    });
    expect(needsContext(jobs, ['build/test-1', 'build/test-2'], { call: call('deploy') })).toEqual({
      test: { result: 'failure', outputs: {} },
    });
  });
});

describe('the secrets a call passes', () => {
  const resolved = { secrets: { TOKEN: 't-1', OTHER: 'o-2' }, maskValues: ['o-2', 't-1'] };

  it('passes every secret with inherit, and only the mapped names with a map (masks kept)', () => {
    expect(bindCallSecrets(resolved, call('x'))).toBe(resolved);
    const mapped = { ...call('x'), secrets: { DEPLOY_KEY: '${{ secrets.TOKEN }}' } };
    expect(bindCallSecrets(resolved, mapped)).toEqual({
      secrets: { DEPLOY_KEY: 't-1' },
      maskValues: ['o-2', 't-1'],
    });
  });

  it('passes none to a run that gets none (a pull request), and leaves other jobs alone', () => {
    const none = { secrets: null, maskValues: null };
    expect(bindCallSecrets(none, { ...call('x'), secrets: { A: '${{ secrets.TOKEN }}' } })).toBe(none);
    expect(bindCallSecrets(resolved, null)).toBe(resolved);
  });
});
