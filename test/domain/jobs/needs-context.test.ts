import { describe, expect, it } from 'vitest';
import { needsContext } from '../../../src/domain/jobs/needs-context.js';
import type { Conclusion, Job } from '../../../src/ports/model/run.js';

type Needed = Pick<Job, 'jobKey' | 'matrixGroup' | 'status' | 'conclusion' | 'outputs'>;
const job = (jobKey: string, conclusion: Conclusion | null, outputs = {}, matrixGroup = ''): Needed => ({
  jobKey,
  matrixGroup,
  status: conclusion === null ? 'running' : conclusion === 'skipped' ? 'skipped' : 'completed',
  conclusion,
  outputs,
});

describe('the needs context', () => {
  it('gives each needed job its result and outputs, by its jobs: key', () => {
    const jobs = [job('a', 'success', { v: '1' }), job('b', 'failure'), job('c', 'success')];
    expect(needsContext(jobs, ['a', 'b'])).toEqual({
      a: { result: 'success', outputs: { v: '1' } },
      b: { result: 'failure', outputs: {} },
    });
  });

  it.each([
    ['all succeeded', ['success', 'success'], 'success'],
    ['one failed', ['success', 'failure'], 'failure'],
    ['one timed out', ['timed_out', 'success'], 'failure'],
    ['one cancelled', ['cancelled', 'success'], 'cancelled'],
    ['all skipped', ['skipped', 'skipped'], 'skipped'],
    ['some skipped', ['skipped', 'success'], 'success'],
  ] as const)('sums up a matrix where %s', (_name, conclusions, result) => {
    const jobs = conclusions.map((c, i) =>
      job(`build-${i + 1}`, c, { [`k${i}`]: String(i), same: String(i) }, 'build'),
    );
    expect(needsContext(jobs, ['build-1', 'build-2'])).toEqual({
      build: { result, outputs: { k0: '0', k1: '1', same: '1' } },
    });
  });

  it('leaves out keys naming no job, and keeps a __proto__ output as data', () => {
    const outputs = JSON.parse('{"__proto__":"x"}') as Record<string, string>;
    const context = needsContext([job('a', 'success', outputs)], ['a', 'gone']);
    expect(Object.keys(context)).toEqual(['a']);
    expect(Object.keys(context.a!.outputs)).toEqual(['__proto__']);
  });
});
