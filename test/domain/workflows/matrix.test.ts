/** Matrix expansion with GitHub's include/exclude rules, names and job keys. */
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../../src/domain/errors.js';
import { expandJobs, expandMatrix } from '../../../src/domain/workflows/expand-jobs.js';
import { matrixCombinations } from '../../../src/domain/workflows/matrix.js';
import type { Matrix } from '../../../src/domain/workflows/model.js';
import { parseOk } from './workflow-text.js';

const m = (
  dimensions: Matrix['dimensions'],
  include: Matrix['include'] = [],
  exclude: Matrix['exclude'] = [],
): Matrix => ({
  dimensions,
  include,
  exclude,
});

const CASES: [string, Matrix, unknown[]][] = [
  ['one dimension', m({ os: ['a', 'b'] }), [{ os: 'a' }, { os: 'b' }]],
  [
    'the product, first dimension slowest',
    m({ os: ['a', 'b'], v: [1, 2] }),
    [
      { os: 'a', v: 1 },
      { os: 'a', v: 2 },
      { os: 'b', v: 1 },
      { os: 'b', v: 2 },
    ],
  ],
  [
    'exclude by a partial match',
    m({ os: ['a', 'b'], v: [1, 2] }, [], [{ v: 2 }]),
    [
      { os: 'a', v: 1 },
      { os: 'b', v: 1 },
    ],
  ],
  [
    'exclude by a full match',
    m({ os: ['a', 'b'], v: [1, 2] }, [], [{ os: 'b', v: 1 }]),
    [
      { os: 'a', v: 1 },
      { os: 'a', v: 2 },
      { os: 'b', v: 2 },
    ],
  ],
  [
    'include adds a key to matching combinations',
    m({ os: ['a', 'b'] }, [{ os: 'b', big: true }]),
    [{ os: 'a' }, { os: 'b', big: true }],
  ],
  [
    'include without original keys extends all',
    m({ os: ['a', 'b'] }, [{ ci: 1 }]),
    [
      { os: 'a', ci: 1 },
      { os: 'b', ci: 1 },
    ],
  ],
  [
    'include that would change an original value adds a combination',
    m({ os: ['a'] }, [{ os: 'c' }]),
    [{ os: 'a' }, { os: 'c' }],
  ],
  [
    'a later include overwrites an added value',
    m({ os: ['a'] }, [{ x: 1 }, { os: 'a', x: 2 }]),
    [{ os: 'a', x: 2 }],
  ],
  ['include only', m({}, [{ os: 'a' }, { os: 'b', v: 1 }]), [{ os: 'a' }, { os: 'b', v: 1 }]],
  [
    'include matches after exclude',
    m({ os: ['a', 'b'] }, [{ os: 'b', x: 1 }], [{ os: 'b' }]),
    [{ os: 'a' }, { os: 'b', x: 1 }],
  ],
  [
    'object values compare deeply',
    m({ cfg: [{ n: 1 }, { n: 2 }] }, [], [{ cfg: { n: 2 } }]),
    [{ cfg: { n: 1 } }],
  ],
];

describe('matrixCombinations', () => {
  it.each(CASES)('%s', (_name, matrix, want) => {
    expect(matrixCombinations(matrix)).toEqual(want);
  });

  it.each([
    ['exactly 256 combinations', 16, 16, null],
    ['257 or more combinations', 17, 16, 'workflow.matrix_too_large'],
  ])('%s', (_name, a, b, code) => {
    const matrix = m({ a: [...Array(a).keys()], b: [...Array(b).keys()] });
    if (code === null) expect(matrixCombinations(matrix)).toHaveLength(a * b);
    else expect(() => matrixCombinations(matrix)).toThrow(expect.objectContaining({ kind: 'invalid', code }));
  });

  it('refuses a matrix with nothing left', () => {
    try {
      matrixCombinations(m({ os: ['a'] }, [], [{ os: 'a' }]));
      expect.unreachable();
    } catch (err) {
      expect(isDomainError(err) && [err.kind, err.code, err.message]).toEqual([
        'invalid',
        'workflow.matrix_empty',
        'the matrix has no combinations left',
      ]);
    }
  });
});

const MATRIX_JOB = `on: push
jobs:
  build:
    runs-on: \${{ matrix.os }}
    strategy:
      max-parallel: 2
      matrix:
        os: [ubuntu, debian]
        node: [18, 20]
    steps: [{run: make}]
  deploy:
    needs: build
    runs-on: x
    steps: [{run: ship}]
`;

describe('expandMatrix and expandJobs', () => {
  it('gives each combination a numbered key, a GitHub-style name and its labels', () => {
    const [build] = parseOk(MATRIX_JOB).jobs;
    const jobs = expandMatrix(build!);
    expect(jobs.map((j) => [j.key, j.baseKey, j.name, j.runsOn, j.failFast, j.maxParallel])).toEqual([
      ['build-1', 'build', 'build (ubuntu, 18)', ['ubuntu'], true, 2],
      ['build-2', 'build', 'build (ubuntu, 20)', ['ubuntu'], true, 2],
      ['build-3', 'build', 'build (debian, 18)', ['debian'], true, 2],
      ['build-4', 'build', 'build (debian, 20)', ['debian'], true, 2],
    ]);
    expect(jobs[3]?.matrix).toEqual({ os: 'debian', node: 20 });
  });

  it('points needs at every combination of a matrix job', () => {
    const deploy = expandJobs(parseOk(MATRIX_JOB)).find((j) => j.key === 'deploy');
    expect(deploy).toMatchObject({
      needs: ['build-1', 'build-2', 'build-3', 'build-4'],
      matrix: null,
      baseKey: 'deploy',
    });
  });

  it('interpolates a name that has expressions instead of appending values', () => {
    const wf = parseOk(
      MATRIX_JOB.replace('  build:\n', '  build:\n    name: node ${{ matrix.node }} on ${{ matrix.os }}\n'),
    );
    expect(
      expandJobs(wf)
        .map((j) => j.name)
        .slice(0, 2),
    ).toEqual(['node 18 on ubuntu', 'node 20 on ubuntu']);
  });

  it('resolves runs-on from inputs for a job without a matrix, and refuses an empty result', () => {
    const wf = parseOk(
      'on: {workflow_dispatch: {inputs: {os: {}}}}\njobs: {b: {runs-on: "${{ inputs.os }}", steps: [{run: a}]}}\n',
    );
    expect(expandJobs(wf, { contexts: { inputs: { os: 'arm64' } } })[0]?.runsOn).toEqual(['arm64']);
    expect(() => expandJobs(wf, { contexts: { inputs: {} } })).toThrow(
      expect.objectContaining({ code: 'workflow.runs_on_empty' }),
    );
  });

  it('takes several labels from a list-valued matrix entry', () => {
    const wf = parseOk(
      'on: push\njobs: {b: {runs-on: "${{ matrix.labels }}", strategy: {matrix: {labels: [[linux, gpu]]}}, steps: [{run: a}]}}\n',
    );
    expect(expandJobs(wf)[0]?.runsOn).toEqual(['linux', 'gpu']);
  });
});
