/** expandJobs resolves templates that read only plan-time contexts and keeps the others. */
import { describe, expect, it } from 'vitest';
import { expandJobs } from '../../../src/domain/workflows/expand-jobs.js';
import type { ExpressionContext } from '../../../src/domain/workflows/expressions/evaluate.js';
import { parseOk, yml } from './workflow-text.js';

const withInputs = (inputs: Record<string, string | number | boolean>): ExpressionContext => ({
  contexts: { shithub: { event_name: 'push' }, inputs },
});

describe('expandJobs on templates', () => {
  it('resolves continue-on-error and timeout-minutes per combination from the matrix', () => {
    const wf = parseOk(yml`
      on: push
      jobs:
        t:
          runs-on: x
          continue-on-error: \${{ matrix.experimental }}
          timeout-minutes: \${{ matrix.minutes }}
          strategy:
            matrix:
              include: [{experimental: true, minutes: 5}, {experimental: false, minutes: 60}]
          steps:
            - {run: a, continue-on-error: '\${{ matrix.experimental }}', timeout-minutes: '\${{ matrix.minutes }}'}
    `);
    expect(
      expandJobs(wf).map((j) => [
        j.key,
        j.continueOnError,
        j.timeoutMinutes,
        j.timeoutMinutesExpr,
        j.steps[0]?.timeoutMinutes,
      ]),
    ).toEqual([
      ['t-1', true, 5, null, 5],
      ['t-2', false, 60, null, 60],
    ]);
  });

  it('keeps templates reading needs until the job is ready, with the defaults meanwhile', () => {
    const wf = parseOk(yml`
      on: push
      jobs:
        a: {runs-on: x, outputs: {t: '5'}, steps: [{run: a}]}
        b:
          needs: a
          runs-on: x
          timeout-minutes: \${{ needs.a.outputs.t }}
          continue-on-error: \${{ needs.a.result == 'failure' }}
          steps: [{run: a}]
    `);
    expect(expandJobs(wf)[1]).toMatchObject({
      timeoutMinutes: 360,
      timeoutMinutesExpr: '${{ needs.a.outputs.t }}',
      continueOnError: false,
      continueOnErrorExpr: "${{ needs.a.result == 'failure' }}",
    });
  });

  it('resolves templates reading vars when the run is planned (vars are known then)', () => {
    const wf = parseOk(yml`
      on: push
      jobs:
        b:
          runs-on: \${{ vars.RUNNER }}
          continue-on-error: \${{ vars.LAX }}
          steps: [{run: a}]
    `);
    const context = { contexts: { vars: { RUNNER: 'big-box', LAX: 'true' } } };
    expect(expandJobs(wf, context)[0]).toMatchObject({
      runsOn: ['big-box'],
      continueOnError: true,
      continueOnErrorExpr: null,
    });
  });

  it('builds a matrix given as JSON in an input, with fail-fast and max-parallel from inputs', () => {
    const wf = parseOk(yml`
      on: {workflow_dispatch: {inputs: {m: {}, os: {}}}}
      jobs:
        whole:
          runs-on: \${{ matrix.os }}
          strategy:
            matrix: \${{ fromJSON(inputs.m) }}
            fail-fast: \${{ inputs.m == '' }}
            max-parallel: \${{ 1 }}
          steps: [{run: a}]
        part:
          runs-on: x
          strategy: {matrix: {os: '\${{ fromJSON(inputs.os) }}', include: [{os: c, extra: 1}]}}
          steps: [{run: a}]
    `);
    const jobs = expandJobs(wf, withInputs({ m: '{"os": ["a", "b"]}', os: '["a", "b"]' }));
    expect(jobs.map((j) => [j.key, j.runsOn, j.matrix, j.failFast, j.maxParallel])).toEqual([
      ['whole-1', ['a'], { os: 'a' }, false, 1],
      ['whole-2', ['b'], { os: 'b' }, false, 1],
      ['part-1', ['x'], { os: 'a' }, true, null],
      ['part-2', ['x'], { os: 'b' }, true, null],
      ['part-3', ['x'], { os: 'c', extra: 1 }, true, null],
    ]);
  });

  it('gives each combination the strategy context', () => {
    const wf = parseOk(yml`
      on: push
      jobs:
        t:
          name: "part \${{ strategy.job-index }} of \${{ strategy.job-total }}"
          runs-on: x
          strategy: {matrix: {n: [1, 2]}, max-parallel: 1}
          steps: [{run: a}]
    `);
    expect(expandJobs(wf).map((j) => j.name)).toEqual(['part 0 of 2', 'part 1 of 2']);
  });

  it.each([
    [
      'a matrix from needs outputs (phase B)',
      "strategy: {matrix: '${{ fromJSON(needs.a.outputs.m) }}'}",
      'not supported yet',
    ],
    [
      'a matrix expression that is no mapping',
      "strategy: {matrix: '${{ inputs.x }}'}",
      'must resolve to a mapping',
    ],
    ['a timeout below 1', "timeout-minutes: '${{ 0 }}'", "timeout-minutes resolves to '0'"],
  ])('refuses %s when the run is planned', (_, key, message) => {
    const wf = parseOk(
      `on: push\njobs:\n  a: {runs-on: x, steps: [{run: a}]}\n  b: {needs: a, runs-on: x, ${key}, steps: [{run: a}]}\n`,
    );
    expect(() => expandJobs(wf, withInputs({ x: 'text' }))).toThrow(message);
  });

  it('refuses to plan a job that calls a reusable workflow whose call was not expanded', () => {
    const wf = parseOk('on: push\njobs: {b: {uses: ./.shithub/workflows/b.yml}}\n');
    expect(() => expandJobs(wf)).toThrow(
      'job b: calling .shithub/workflows/b.yml needs the called file (expandWorkflowCalls) first',
    );
  });
});
