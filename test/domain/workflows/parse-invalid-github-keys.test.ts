/** Malformed workflows, part 4: the GitHub keys of issue #11, and references a step cannot make. */
import { describe, expect, it } from 'vitest';
import { parseWorkflow } from '../../../src/domain/workflows/parse-workflow.js';
import { parseErrors } from './workflow-text.js';

const job = (body: string) => `on: push\njobs:\n  build: {${body}}\n`;
const steps = (list: string) => job(`runs-on: x, steps: [${list}]`);

const ERRORS = [
  {
    name: 'a docker action',
    text: steps('{uses: docker://alpine:3}'),
    path: 'jobs.build.steps[0].uses',
    message: 'docker actions are not supported',
  },
  {
    name: 'a reusable workflow called by a step',
    text: steps('{uses: ./.github/workflows/build.yml}'),
    path: 'jobs.build.steps[0].uses',
    message: "called by a job's 'uses:'",
  },
  {
    name: 'a local action outside the repository',
    text: steps('{uses: ./../other/action}'),
    path: 'jobs.build.steps[0].uses',
    message: 'must stay inside the repository',
  },
  {
    name: 'a remote reusable workflow',
    text: job('uses: octo/ci/.github/workflows/build.yml@v1'),
    path: 'jobs.build.uses',
    message: 'only reusable workflows of this repository',
  },
  {
    name: 'runs-on beside uses',
    text: job('uses: ./.shithub/workflows/b.yml, runs-on: x'),
    path: 'jobs.build.runs-on',
    message: 'cannot be used in a job that calls a reusable workflow',
  },
  {
    name: 'with on a job that runs steps',
    text: job('runs-on: x, with: {a: 1}, steps: [{run: a}]'),
    path: 'jobs.build.with',
    message: "'with' belongs to jobs that call a reusable workflow",
  },
  {
    name: 'a job without steps',
    text: job('runs-on: x'),
    path: 'jobs.build.steps',
    message: "required key 'steps' is missing",
  },
  {
    name: 'secrets that are neither inherit nor a mapping',
    text: job('uses: ./.shithub/workflows/b.yml, secrets: all'),
    path: 'jobs.build.secrets',
    message: "expected 'inherit' or a mapping of secrets",
  },
  {
    name: 'a container without an image',
    text: job('runs-on: x, container: {env: {A: 1}}, steps: [{run: a}]'),
    path: 'jobs.build.container.image',
    message: "required key 'image' is missing",
  },
  {
    name: 'a service key with a dot',
    text: job('runs-on: x, services: {db.1: {image: pg}}, steps: [{run: a}]'),
    path: 'jobs.build.services.db.1',
    message: 'service keys must match',
  },
  {
    name: 'an output name with a space',
    text: job("runs-on: x, outputs: {'a b': x}, steps: [{run: a}]"),
    path: 'jobs.build.outputs.a b',
    message: 'output names must match',
  },
  {
    name: 'a shell without {0}',
    text: steps('{run: a, shell: perl}'),
    path: 'jobs.build.steps[0].shell',
    message: 'a command with {0}',
  },
  {
    name: 'a defaults shell without {0}',
    text: `defaults: {run: {shell: zsh}}\n${steps('{run: a}')}`,
    path: 'defaults.run.shell',
    message: 'a command with {0}',
  },
  {
    name: 'a timeout as plain text',
    text: steps("{run: a, timeout-minutes: 'soon'}"),
    path: 'jobs.build.steps[0].timeout-minutes',
    message: "or a '${{ }}' expression",
  },
  {
    name: 'an unknown default key',
    text: `defaults: {shell: bash}\n${steps('{run: a}')}`,
    path: 'defaults.shell',
    message: "unknown key 'shell'",
  },
  {
    name: 'a workflow_call input without a type',
    text: 'on: {workflow_call: {inputs: {v: {required: true}}}}\njobs: {b: {runs-on: x, steps: [{run: a}]}}\n',
    path: 'on.workflow_call.inputs.v.type',
    message: "required key 'type' is missing",
  },
  {
    name: 'a workflow_call output without a value',
    text: 'on: {workflow_call: {outputs: {o: {description: d}}}}\njobs: {b: {runs-on: x, steps: [{run: a}]}}\n',
    path: 'on.workflow_call.outputs.o.value',
    message: "required key 'value' is missing",
  },
  {
    name: 'the steps context in a job condition',
    text: job("runs-on: x, if: steps.a.outputs.b == '1', steps: [{run: a}]"),
    path: 'jobs.build.if',
    message: "the steps context is only available in a job's steps and outputs",
  },
  {
    name: 'the steps context in a job env',
    text: job("runs-on: x, env: {A: '${{ steps.a.outcome }}'}, steps: [{run: a}]"),
    path: 'jobs.build.env.A',
    message: 'the steps context is only available',
  },
];

describe('parseWorkflow refuses misuse of the GitHub keys', () => {
  it.each(ERRORS)('$name → $path', ({ text, path, message }) => {
    expect(parseErrors(text)).toContainEqual(
      expect.objectContaining({ path, message: expect.stringContaining(message), severity: 'error' }),
    );
  });
});

const WARNINGS = [
  {
    name: 'a step id no earlier step has',
    text: steps("{run: 'echo ${{ steps.later.outputs.x }}'}, {id: later, run: b}"),
    path: 'jobs.build.steps[0].run',
    message: "no step of job 'build' before this point has the id 'later'",
  },
  {
    name: 'a job output naming no step',
    text: job("runs-on: x, outputs: {o: '${{ steps.nope.outputs.x }}'}, steps: [{id: a, run: b}]"),
    path: 'jobs.build.outputs.o',
    message: "has the id 'nope'",
  },
  {
    name: 'needs of a job that is not needed',
    text: `on: push\njobs:\n  a: {runs-on: x, steps: [{run: a}]}\n  b: {runs-on: x, if: needs.a.result == 'success', steps: [{run: a}]}\n`,
    path: 'jobs.b.if',
    message: "job 'b' does not need 'a'",
  },
];

describe('parseWorkflow warns about references that read null at run time', () => {
  it.each(WARNINGS)('$name → $path', ({ text, path, message }) => {
    const result = parseWorkflow(text, 'ci.yml');
    expect(result.workflow).not.toBeNull();
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ path, message: expect.stringContaining(message), severity: 'warning' }),
    ]);
  });

  it('stays quiet for earlier step ids in any case, and for needed jobs', () => {
    const result = parseWorkflow(
      `on: push\njobs:\n  a: {runs-on: x, steps: [{run: a}]}\n  b: {runs-on: x, needs: [a], if: "needs.A.result == 'success'", steps: [{id: One, run: a}, {run: "echo \${{ steps.one.outcome }} \${{ steps['One'].conclusion }}"}]}\n`,
      'ci.yml',
    );
    expect(result.diagnostics).toEqual([]);
  });
});
