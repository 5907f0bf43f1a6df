/** Malformed workflows, part 2: triggers, globs, crons, inputs, expressions, needs, matrix. */
import { describe, expect, it } from 'vitest';
import { ONE_JOB, parseErrors } from './workflow-text.js';

const on = (events: string) => `on: ${events}\n${ONE_JOB}`;
/** Jobs given as flow mappings, one per line, triggered by push. */
const jobs = (...lines: string[]) => `on: push\njobs:\n${lines.map((l) => `  ${l}\n`).join('')}`;
const step = (body: string) => jobs(`build: {runs-on: x, steps: [${body}]}`);
const matrix = (body: string) => jobs(`build: {runs-on: x, strategy: {matrix: ${body}}, steps: [{run: a}]}`);

const CASES = [
  // Triggers
  { name: 'an unsupported event', text: on('release'), path: 'on', message: "unsupported event 'release'" },
  {
    name: 'an unsupported event in a list',
    text: on('[push, issues]'),
    path: 'on[1]',
    message: "unsupported event 'issues'",
  },
  {
    name: 'an unsupported event in a map',
    text: on('{push: null, release: {types: [published]}}'),
    path: 'on.release',
    message: "unsupported event 'release'",
  },
  { name: 'schedule in the string form', text: on('schedule'), path: 'on', message: 'needs a list of crons' },
  {
    name: 'an unknown push filter',
    text: on('{push: {branch: [main]}}'),
    path: 'on.push.branch',
    message: "unknown key 'branch'",
  },
  {
    name: 'branches with branches-ignore',
    text: on('{push: {branches: [a], branches-ignore: [b]}}'),
    path: 'on.push.branches-ignore',
    message: 'cannot both be set',
  },
  {
    name: 'tags with tags-ignore',
    text: on('{push: {tags: [a], tags-ignore: [b]}}'),
    path: 'on.push.tags-ignore',
    message: 'cannot both be set',
  },
  {
    name: 'paths with paths-ignore',
    text: on('{pull_request: {paths: [a], paths-ignore: [b]}}'),
    path: 'on.pull_request.paths-ignore',
    message: 'cannot both be set',
  },
  {
    name: 'tags on pull_request',
    text: on('{pull_request: {tags: [v1]}}'),
    path: 'on.pull_request.tags',
    message: 'unknown key',
  },
  {
    name: 'a reversed range in a glob',
    text: on("{push: {branches: ['release/[z-a]']}}"),
    path: 'on.push.branches[0]',
    message: "bad range 'z-a'",
  },
  {
    name: 'a range across families',
    text: on("{push: {branches: ['[0-z]']}}"),
    path: 'on.push.branches[0]',
    message: 'bad range',
  },
  {
    name: 'an unclosed bracket',
    text: on("{push: {tags: ['v[0-9']}}"),
    path: 'on.push.tags[0]',
    message: 'never closed',
  },
  {
    name: 'an empty bracket',
    text: on("{push: {tags: ['v[]']}}"),
    path: 'on.push.tags[0]',
    message: "empty '[]'",
  },
  {
    name: 'a ? with nothing before it',
    text: on("{push: {branches: ['?x']}}"),
    path: 'on.push.branches[0]',
    message: 'no character to repeat',
  },
  {
    name: 'a + after a star',
    text: on("{push: {paths: ['src/*+']}}"),
    path: 'on.push.paths[0]',
    message: 'no character to repeat',
  },
  {
    name: 'a trailing backslash',
    text: on("{push: {paths-ignore: ['docs\\']}}"),
    path: 'on.push.paths-ignore[0]',
    message: 'lone backslash',
  },
  {
    name: 'an empty negation',
    text: on("{push: {branches: [main, '!']}}"),
    path: 'on.push.branches[1]',
    message: 'empty pattern',
  },
  {
    name: 'an unknown pull_request type',
    text: on('{pull_request: {types: [opened, merged]}}'),
    path: 'on.pull_request.types',
    message: "unsupported pull_request type 'merged'",
  },
  {
    name: 'a cron with a bad minute',
    text: on("{schedule: [{cron: '61 * * * *'}]}"),
    path: 'on.schedule[0].cron',
    message: 'minute',
  },
  {
    name: 'a cron with six fields',
    text: on("{schedule: [{cron: '0 0 * * * *'}]}"),
    path: 'on.schedule[0].cron',
    message: 'must have 5 fields',
  },
  {
    name: 'a cron nickname',
    text: on("{schedule: [{cron: '@daily'}]}"),
    path: 'on.schedule[0].cron',
    message: 'must have 5 fields',
  },
  {
    name: 'an empty schedule',
    text: on('{schedule: []}'),
    path: 'on.schedule',
    message: 'at least one cron',
  },
  {
    name: 'a schedule entry without cron',
    text: on('{schedule: [{at: noon}]}'),
    path: 'on.schedule[0].at',
    message: 'unknown key',
  },
  // Dispatch inputs
  {
    name: 'a choice without options',
    text: on('{workflow_dispatch: {inputs: {env: {type: choice}}}}'),
    path: 'on.workflow_dispatch.inputs.env.options',
    message: 'needs options',
  },
  {
    name: 'a default outside the options',
    text: on('{workflow_dispatch: {inputs: {env: {type: choice, options: [a], default: b}}}}'),
    path: 'on.workflow_dispatch.inputs.env.default',
    message: "'b' is not one of the options",
  },
  {
    name: 'a boolean default that is text',
    text: on('{workflow_dispatch: {inputs: {go: {type: boolean, default: yes}}}}'),
    path: 'on.workflow_dispatch.inputs.go.default',
    message: 'true or false',
  },
  {
    name: 'a number default that is text',
    text: on('{workflow_dispatch: {inputs: {n: {type: number, default: many}}}}'),
    path: 'on.workflow_dispatch.inputs.n.default',
    message: 'must be a number',
  },
  {
    name: 'an unknown input type',
    text: on('{workflow_dispatch: {inputs: {f: {type: file}}}}'),
    path: 'on.workflow_dispatch.inputs.f.type',
    message: 'input types are',
  },
  {
    name: 'options on a string input',
    text: on('{workflow_dispatch: {inputs: {s: {options: [a]}}}}'),
    path: 'on.workflow_dispatch.inputs.s.options',
    message: 'only choice inputs',
  },
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
    text: step("{run: 'echo ${{ steps.a.outputs.b }}'}"),
    path: 'jobs.build.steps[0].run',
    message: "unknown context 'steps'",
  },
  {
    name: 'an unknown function',
    text: jobs("build: {runs-on: x, env: {K: '${{ hashFiles(''a'') }}'}, steps: [{run: a}]}"),
    path: 'jobs.build.env.K',
    message: "unknown function 'hashFiles'",
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

describe('parseWorkflow refuses bad triggers, expressions, needs and matrices', () => {
  it.each(CASES)('$name → $path', ({ text, path, message }) => {
    const diagnostics = parseErrors(text);
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ path, message: expect.stringContaining(message), severity: 'error' }),
    );
  });
});
