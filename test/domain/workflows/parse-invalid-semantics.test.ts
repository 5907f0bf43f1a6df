/** Malformed workflows, part 3: expressions, needs and matrices. */
import { describe, expect, it } from 'vitest';
import { ONE_JOB, parseErrors } from './workflow-text.js';

/** Jobs given as flow mappings, one per line, triggered by push. */
const jobs = (...lines: string[]) => `on: push\njobs:\n${lines.map((l) => `  ${l}\n`).join('')}`;
const step = (body: string) => jobs(`build: {runs-on: x, steps: [${body}]}`);
const matrix = (body: string) => jobs(`build: {runs-on: x, strategy: {matrix: ${body}}, steps: [{run: a}]}`);

const CASES = [
  // Expressions
  {
    name: 'a comparison missing its right side',
    text: step("{run: 'echo ${{ github.sha == }}'}"),
    path: 'jobs.build.steps[0].run',
    message: 'unexpected end of expression',
  },
  {
    name: 'an unclosed placeholder',
    text: step("{run: 'echo ${{ github.sha'}"),
    path: 'jobs.build.steps[0].run',
    message: 'never closed',
  },
  {
    name: 'an unknown context',
    text: step("{run: 'echo ${{ step.a.outputs.b }}'}"),
    path: 'jobs.build.steps[0].run',
    message: "unknown context 'step'",
  },
  {
    name: 'an unknown function',
    text: jobs("build: {runs-on: x, env: {K: '${{ hashFile(''a'') }}'}, steps: [{run: a}]}"),
    path: 'jobs.build.env.K',
    message: "unknown function 'hashFile'",
  },
  {
    name: 'a function with too few arguments',
    text: step("{run: a, if: contains('a')}"),
    path: 'jobs.build.steps[0].if',
    message: 'contains() takes 2 arguments, got 1',
  },
  {
    name: 'a bare condition with bad syntax',
    text: jobs('build: {runs-on: x, if: github.ref == , steps: [{run: a}]}'),
    path: 'jobs.build.if',
    message: 'bad expression',
  },
  {
    name: 'a condition mixing ${{ }} and text',
    text: step("{run: a, if: '${{ github.ref }} == main'}"),
    path: 'jobs.build.steps[0].if',
    message: 'mixes',
  },
  {
    name: 'an empty placeholder',
    text: step("{run: 'echo ${{ }}'}"),
    path: 'jobs.build.steps[0].run',
    message: 'empty',
  },
  {
    name: 'an unterminated string literal',
    text: step('{run: a, if: "github.ref == \'main"}'),
    path: 'jobs.build.steps[0].if',
    message: 'unterminated string',
  },
  {
    name: 'a stray character',
    text: step("{run: 'echo ${{ 1 + 2 }}'}"),
    path: 'jobs.build.steps[0].run',
    message: "unexpected character '+'",
  },
  {
    name: 'a malformed number',
    text: step("{run: 'echo ${{ 1.2.3 }}'}"),
    path: 'jobs.build.steps[0].run',
    message: 'malformed number',
  },
  {
    name: 'secrets in a concurrency group',
    text: `concurrency: 'g-\${{ secrets.KEY }}'\non: push\n${ONE_JOB}`,
    path: 'concurrency',
    message: 'cannot use secrets',
  },
  {
    name: 'cancel-in-progress as plain text',
    text: `concurrency: {group: g, cancel-in-progress: 'yes'}\non: push\n${ONE_JOB}`,
    path: 'concurrency.cancel-in-progress',
    message: 'expected true, false',
  },
  // needs
  {
    name: 'needs naming no job',
    text: jobs('a: {runs-on: x, needs: ghost, steps: [{run: a}]}'),
    path: 'jobs.a.needs[0]',
    message: "unknown job 'ghost'",
  },
  {
    name: 'a job needing itself',
    text: jobs('a: {runs-on: x, needs: [a], steps: [{run: a}]}'),
    path: 'jobs.a.needs[0]',
    message: 'cannot need itself',
  },
  {
    name: 'a two-job cycle',
    text: jobs(
      'a: {runs-on: x, needs: b, steps: [{run: a}]}',
      'b: {runs-on: x, needs: a, steps: [{run: a}]}',
    ),
    path: 'jobs.a.needs',
    message: 'cycle: a → b → a',
  },
  {
    name: 'a three-job cycle',
    text: jobs(
      'a: {runs-on: x, needs: c, steps: [{run: a}]}',
      'b: {runs-on: x, needs: a, steps: [{run: a}]}',
      'c: {runs-on: x, needs: b, steps: [{run: a}]}',
    ),
    path: 'jobs.a.needs',
    message: 'cycle: a → c → b → a',
  },
  // Matrix
  {
    name: 'an empty matrix dimension',
    text: matrix('{os: []}'),
    path: 'jobs.build.strategy.matrix.os',
    message: 'has no values',
  },
  {
    name: 'a matrix value that is no list',
    text: matrix('{os: linux}'),
    path: 'jobs.build.strategy.matrix.os',
    message: 'must be a list',
  },
  {
    name: 'over 256 combinations',
    text: matrix(`{a: [${[...Array(17).keys()]}], b: [${[...Array(16).keys()]}]}`),
    path: 'jobs.build.strategy.matrix',
    message: '272 combinations',
  },
  {
    name: 'a huge product',
    text: matrix(`{a: [${[...Array(100).keys()]}], b: [${[...Array(100).keys()]}]}`),
    path: 'jobs.build.strategy.matrix',
    message: 'before exclude',
  },
  {
    name: 'everything excluded',
    text: matrix('{os: [a], exclude: [{os: a}]}'),
    path: 'jobs.build.strategy.matrix',
    message: 'no combinations',
  },
  {
    name: 'an exclude naming no dimension',
    text: matrix('{os: [a, b], exclude: [{arch: x}]}'),
    path: 'jobs.build.strategy.matrix.exclude[0].arch',
    message: 'not a matrix dimension',
  },
  {
    name: 'an include entry that is no mapping',
    text: matrix('{os: [a], include: [b]}'),
    path: 'jobs.build.strategy.matrix.include[0]',
    message: 'expected a mapping',
  },
  {
    name: 'a combination key taken by a job',
    text: `${matrix('{os: [a, b]}')}  build-2: {runs-on: x, steps: [{run: a}]}\n`,
    path: 'jobs.build-2',
    message: 'taken by a combination',
  },
  {
    name: 'an unknown strategy key',
    text: jobs('build: {runs-on: x, strategy: {matrix: {a: [1]}, parallel: 2}, steps: [{run: a}]}'),
    path: 'jobs.build.strategy.parallel',
    message: 'unknown key',
  },
  {
    name: 'max-parallel 0',
    text: jobs('build: {runs-on: x, strategy: {matrix: {a: [1]}, max-parallel: 0}, steps: [{run: a}]}'),
    path: 'jobs.build.strategy.max-parallel',
    message: 'at least 1',
  },
];

describe('parseWorkflow refuses bad expressions, needs and matrices', () => {
  it.each(CASES)('$name → $path', ({ text, path, message }) => {
    const diagnostics = parseErrors(text);
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ path, message: expect.stringContaining(message), severity: 'error' }),
    );
  });
});
