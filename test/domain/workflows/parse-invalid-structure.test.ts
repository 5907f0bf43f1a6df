/** Malformed workflows, part 1: YAML, unknown keys, types and the shape of jobs and steps. */
import { describe, expect, it } from 'vitest';
import { ONE_JOB, parseErrors } from './workflow-text.js';

/** A workflow whose one job `build` has the given flow-mapping body. */
const job = (body: string) => `on: push\njobs:\n  build: {${body}}\n`;
const steps = (list: string) => job(`runs-on: x, steps: [${list}]`);

const CASES = [
  // YAML itself
  { name: 'bad indentation', text: 'on: push\n jobs: {}\n', path: '', message: 'invalid YAML' },
  { name: 'an unclosed flow list', text: 'on: [push\njobs: {}\n', path: '', message: 'invalid YAML' },
  {
    name: 'tabs used for indentation',
    text: 'on: push\njobs:\n\tbuild: {}\n',
    path: '',
    message: 'invalid YAML',
  },
  {
    name: 'a duplicate top-level key',
    text: `on: push\n${ONE_JOB}jobs: {}\n`,
    path: 'jobs',
    message: "duplicate key 'jobs'",
  },
  {
    name: 'a duplicate key inside a step',
    text: steps('{run: a, run: b}'),
    path: 'jobs.build.steps[0].run',
    message: 'duplicate key',
  },
  { name: 'a custom tag', text: `on: !event push\n${ONE_JOB}`, path: 'on', message: 'tags' },
  {
    name: 'a standard explicit tag',
    text: `name: !!str 3\non: push\n${ONE_JOB}`,
    path: 'name',
    message: 'tags',
  },
  {
    name: 'two YAML documents',
    text: `on: push\n${ONE_JOB}---\non: push\n`,
    path: '',
    message: 'more than one YAML document',
  },
  { name: 'an empty file', text: '', path: '', message: 'the file is empty' },
  { name: 'a comment-only file', text: '# nothing here\n', path: '', message: 'the file is empty' },
  { name: 'a list at the top', text: '- on: push\n', path: '', message: 'must be a mapping' },
  { name: 'a scalar at the top', text: 'hello\n', path: '', message: 'must be a mapping' },
  {
    name: 'a __proto__ key',
    text: `__proto__: {x: 1}\non: push\n${ONE_JOB}`,
    path: '__proto__',
    message: 'reserved',
  },
  {
    name: 'a job named constructor',
    text: job('runs-on: x').replace('build', 'constructor'),
    path: 'jobs.constructor',
    message: 'reserved',
  },
  {
    name: 'a complex mapping key',
    text: `? [a, b]\n: 1\non: push\n${ONE_JOB}`,
    path: '',
    message: 'keys must be plain strings',
  },
  // Unknown keys and missing ones
  {
    name: 'an unknown top-level key',
    text: `run_name: x\non: push\n${ONE_JOB}`,
    path: 'run_name',
    message: "unknown key 'run_name'",
  },
  {
    name: 'a misspelt job key',
    text: job('runs-on: x, stepz: []'),
    path: 'jobs.build.stepz',
    message: "unknown key 'stepz'",
  },
  {
    name: 'an unknown step key',
    text: steps('{run: a, uses_: b}'),
    path: 'jobs.build.steps[0].uses_',
    message: 'unknown key',
  },
  {
    name: 'services as a list',
    text: job('runs-on: x, services: [db], steps: [{run: a}]'),
    path: 'jobs.build.services',
    message: 'expected a mapping of services',
  },
  { name: 'a missing on', text: ONE_JOB, path: 'on', message: "required key 'on' is missing" },
  { name: 'a missing jobs', text: 'on: push\n', path: 'jobs', message: "required key 'jobs' is missing" },
  { name: 'no jobs at all', text: 'on: push\njobs: {}\n', path: 'jobs', message: 'at least one job' },
  {
    name: 'a missing runs-on',
    text: job('steps: [{run: a}]'),
    path: 'jobs.build.runs-on',
    message: 'missing',
  },
  {
    name: 'an empty runs-on list',
    text: job('runs-on: [], steps: [{run: a}]'),
    path: 'jobs.build.runs-on',
    message: 'at least one label',
  },
  {
    name: 'no steps',
    text: job('runs-on: x, steps: []'),
    path: 'jobs.build.steps',
    message: 'at least one step',
  },
  {
    name: 'a name that is a list',
    text: `name: [a]\non: push\n${ONE_JOB}`,
    path: 'name',
    message: 'expected a string',
  },
  {
    name: 'a job that is a list',
    text: 'on: push\njobs:\n  build: [a]\n',
    path: 'jobs.build',
    message: 'expected a mapping',
  },
  // Jobs
  {
    name: 'a job key starting with a digit',
    text: job('runs-on: x, steps: [{run: a}]').replace('build', '9build'),
    path: 'jobs.9build',
    message: 'job keys must match',
  },
  {
    name: 'a job key over 100 characters',
    text: job('runs-on: x, steps: [{run: a}]').replace('build', 'b'.repeat(101)),
    path: `jobs.${'b'.repeat(101)}`,
    message: 'at most 100',
  },
  {
    name: 'timeout-minutes 0',
    text: job('runs-on: x, timeout-minutes: 0, steps: [{run: a}]'),
    path: 'jobs.build.timeout-minutes',
    message: 'must be at least 1',
  },
  {
    name: 'timeout-minutes as text',
    text: job("runs-on: x, timeout-minutes: '10', steps: [{run: a}]"),
    path: 'jobs.build.timeout-minutes',
    message: 'whole number of minutes',
  },
  {
    name: 'continue-on-error as text',
    text: job("runs-on: x, continue-on-error: 'yes', steps: [{run: a}]"),
    path: 'jobs.build.continue-on-error',
    message: 'true or false',
  },
  {
    name: 'an unknown permission scope',
    text: job('runs-on: x, permissions: {secrets: read}, steps: [{run: a}]'),
    path: 'jobs.build.permissions.secrets',
    message: 'permission scopes are',
  },
  {
    name: 'an unknown permission level',
    text: job('runs-on: x, permissions: {contents: admin}, steps: [{run: a}]'),
    path: 'jobs.build.permissions.contents',
    message: 'read, write or none',
  },
  {
    name: 'an unknown concurrency key',
    text: job('runs-on: x, concurrency: {group: g, cancel: true}, steps: [{run: a}]'),
    path: 'jobs.build.concurrency.cancel',
    message: 'unknown key',
  },
  // Environment names
  {
    name: 'a reserved env name',
    text: `env: {SHITHUB_INPUT_0: x}\non: push\n${ONE_JOB}`,
    path: 'env.SHITHUB_INPUT_0',
    message: 'reserved',
  },
  {
    name: 'a reserved env name in lower case',
    text: steps('{run: a, env: {shithub_input_x: y}}'),
    path: 'jobs.build.steps[0].env.shithub_input_x',
    message: 'reserved',
  },
  {
    name: 'an env name starting with a digit',
    text: job('runs-on: x, env: {1VAR: 1}, steps: [{run: a}]'),
    path: 'jobs.build.env.1VAR',
    message: 'env names must match',
  },
  {
    name: 'an env value that is a mapping',
    text: `env: {A: {b: 1}}\non: push\n${ONE_JOB}`,
    path: 'env.A',
    message: 'string, number or boolean',
  },
  // Steps
  {
    name: 'both run and uses',
    text: steps('{run: a, uses: actions/checkout@v4}'),
    path: 'jobs.build.steps[0]',
    message: 'exactly one',
  },
  {
    name: 'neither run nor uses',
    text: steps('{name: idle}'),
    path: 'jobs.build.steps[0]',
    message: 'exactly one',
  },
  {
    name: 'an unsupported action',
    text: steps('{run: a}, {run: b}, {uses: foo/bar@v1}'),
    path: 'jobs.build.steps[2].uses',
    message: "unsupported action 'foo/bar@v1'",
  },
  {
    name: 'checkout without a ref',
    text: steps('{uses: actions/checkout}'),
    path: 'jobs.build.steps[0].uses',
    message: 'unsupported action',
  },
  {
    name: 'an unknown checkout input',
    text: steps('{uses: actions/checkout@v4, with: {depth: 1}}'),
    path: 'jobs.build.steps[0].with.depth',
    message: "unknown input 'depth'",
  },
  {
    name: 'a fetch-depth that is no number',
    text: steps('{uses: actions/checkout@v4, with: {fetch-depth: all}}'),
    path: 'jobs.build.steps[0].with.fetch-depth',
    message: 'whole number',
  },
  {
    name: 'with on a run step',
    text: steps('{run: a, with: {x: 1}}'),
    path: 'jobs.build.steps[0].with',
    message: "'with' belongs to 'uses' steps",
  },
  {
    name: 'shell on a uses step',
    text: steps('{uses: actions/checkout@v4, shell: bash}'),
    path: 'jobs.build.steps[0].shell',
    message: "'shell' belongs to 'run' steps",
  },
  {
    name: 'an unsupported shell',
    text: steps('{run: a, shell: zsh}'),
    path: 'jobs.build.steps[0].shell',
    message: 'bash and sh',
  },
  {
    name: 'a step timeout of 0',
    text: steps('{run: a, timeout-minutes: 0}'),
    path: 'jobs.build.steps[0].timeout-minutes',
    message: 'must be at least 1',
  },
  {
    name: 'a duplicate step id',
    text: steps('{id: a, run: x}, {id: a, run: y}'),
    path: 'jobs.build.steps[1].id',
    message: "duplicate step id 'a'",
  },
  {
    name: 'a step id with a dot',
    text: steps('{id: a.b, run: x}'),
    path: 'jobs.build.steps[0].id',
    message: 'step ids must match',
  },
];

describe('parseWorkflow refuses malformed structure', () => {
  it.each(CASES)('$name → $path', ({ text, path, message }) => {
    const diagnostics = parseErrors(text);
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ path, message: expect.stringContaining(message), severity: 'error' }),
    );
  });
});
