/** Valid workflows: every form each key may take, and parse options. */
import { describe, expect, it } from 'vitest';
import { expandJobs } from '../../../src/domain/workflows/expand-jobs.js';
import type { Workflow as W } from '../../../src/domain/workflows/model.js';
import { parseWorkflow } from '../../../src/domain/workflows/parse-workflow.js';
import { ONE_JOB, parseOk, yml } from './workflow-text.js';

/** Each case: a workflow, and a function picking the part of the model to compare. */
const FORMS = [
  {
    name: 'on as a string',
    text: `on: push\n${ONE_JOB}`,
    pick: (w: W) => w.on.push,
    want: { branches: null, tags: null, paths: null },
  },
  {
    name: 'on as a list',
    text: `on: [push, pull_request]\n${ONE_JOB}`,
    pick: (w: W) => w.on.pullRequest?.types,
    want: ['opened', 'synchronize', 'reopened'],
  },
  {
    name: 'an event with no settings',
    text: `on:\n  workflow_dispatch:\n${ONE_JOB}`,
    pick: (w: W) => w.on.workflowDispatch,
    want: { inputs: {} },
  },
  {
    name: 'pull_request types',
    text: `on: {pull_request: {types: closed}}\n${ONE_JOB}`,
    pick: (w: W) => w.on.pullRequest?.types,
    want: ['closed'],
  },
  {
    name: 'a single branch pattern as a string',
    text: `on: {push: {branches: main}}\n${ONE_JOB}`,
    pick: (w: W) => w.on.push?.branches,
    want: { mode: 'include', patterns: ['main'] },
  },
  {
    name: 'branches-ignore',
    text: `on: {push: {branches-ignore: ['dependabot/**']}}\n${ONE_JOB}`,
    pick: (w: W) => w.on.push?.branches,
    want: { mode: 'ignore', patterns: ['dependabot/**'] },
  },
  {
    name: 'no name: the file path',
    text: `on: push\n${ONE_JOB}`,
    pick: (w: W) => w.name,
    want: '.shithub/workflows/test.yml',
  },
  {
    name: 'runs-on as a list',
    text: 'on: push\njobs: {b: {runs-on: [linux, x64], steps: [{run: a}]}}\n',
    pick: (w: W) => w.jobs[0]?.runsOn,
    want: ['linux', 'x64'],
  },
  {
    name: 'needs as a string',
    text: 'on: push\njobs: {a: {runs-on: x, steps: [{run: a}]}, b: {runs-on: x, needs: a, steps: [{run: a}]}}\n',
    pick: (w: W) => w.jobs[1]?.needs,
    want: ['a'],
  },
  {
    name: 'jobs keep file order',
    text: 'on: push\njobs: {zeta: {runs-on: x, steps: [{run: a}]}, alpha: {runs-on: x, steps: [{run: a}]}}\n',
    pick: (w: W) => w.jobs.map((j) => j.key),
    want: ['zeta', 'alpha'],
  },
  {
    name: 'a bare condition',
    text: "on: push\njobs: {b: {runs-on: x, if: github.ref == 'refs/heads/main', steps: [{run: a}]}}\n",
    pick: (w: W) => w.jobs[0]?.if,
    want: "github.ref == 'refs/heads/main'",
  },
  {
    name: 'a wrapped condition',
    text: "on: push\njobs: {b: {runs-on: x, if: '${{ always() }}', steps: [{run: a}]}}\n",
    pick: (w: W) => w.jobs[0]?.if,
    want: 'always()',
  },
  {
    name: 'a boolean condition',
    text: 'on: push\njobs: {b: {runs-on: x, if: false, steps: [{run: a}]}}\n',
    pick: (w: W) => w.jobs[0]?.if,
    want: 'false',
  },
  {
    name: 'env values of every scalar kind',
    text: `env: {N: 3, B: true, E: , S: x}\non: push\n${ONE_JOB}`,
    pick: (w: W) => w.env,
    want: { N: '3', B: 'true', E: '', S: 'x' },
  },
  {
    name: 'concurrency as a string',
    text: `concurrency: ci\non: push\n${ONE_JOB}`,
    pick: (w: W) => w.concurrency,
    want: { group: 'ci', cancelInProgress: false },
  },
  {
    name: 'empty permissions',
    text: `permissions: {}\non: push\n${ONE_JOB}`,
    pick: (w: W) => w.permissions,
    want: {},
  },
  {
    name: 'a step named after its script',
    text: 'on: push\njobs: {b: {runs-on: x, steps: [{run: "  make test\\nmake lint"}]}}\n',
    pick: (w: W) => w.jobs[0]?.steps[0]?.name,
    want: 'Run make test',
  },
  {
    name: 'sh as the shell',
    text: 'on: push\njobs: {b: {runs-on: x, steps: [{run: a, shell: sh, working-directory: sub}]}}\n',
    pick: (w: W) => [w.jobs[0]?.steps[0]?.shell, w.jobs[0]?.steps[0]?.workingDirectory],
    want: ['sh', 'sub'],
  },
  {
    name: 'an anchor reused by an alias',
    text: 'env: &shared {A: 1}\non: push\njobs: {b: {runs-on: x, env: *shared, steps: [{run: a}]}}\n',
    pick: (w: W) => w.jobs[0]?.env,
    want: { A: '1' },
  },
  {
    name: 'a matrix made only of include',
    text: 'on: push\njobs: {b: {runs-on: x, strategy: {matrix: {include: [{os: a}, {os: b}]}}, steps: [{run: a}]}}\n',
    pick: (w: W) => expandJobs(w).map((j) => j.key),
    want: ['b-1', 'b-2'],
  },
  {
    name: 'CRLF line endings',
    text: `on: push\r\n${ONE_JOB.replace(/\n/g, '\r\n')}`,
    pick: (w: W) => w.jobs[0]?.steps[0]?.run,
    want: 'make',
  },
  { name: 'a byte-order mark', text: `\uFEFFon: push\n${ONE_JOB}`, pick: (w: W) => w.jobs.length, want: 1 },
  {
    name: 'an input name with a dash used in an expression',
    text: "on: {workflow_dispatch: {inputs: {dry-run: {type: boolean}}}}\njobs: {b: {runs-on: x, steps: [{run: a, if: '!inputs.dry-run'}]}}\n",
    pick: (w: W) => w.jobs[0]?.steps[0]?.if,
    want: '!inputs.dry-run',
  },
  {
    name: 'checkout with an expression depth',
    text: "on: push\njobs: {b: {runs-on: x, steps: [{uses: actions/checkout@v4, with: {fetch-depth: '${{ vars.DEPTH }}'}}]}}\n",
    pick: (w: W) => w.jobs[0]?.steps[0]?.with,
    want: { 'fetch-depth': '${{ vars.DEPTH }}' },
  },
];
describe('parseWorkflow accepts every documented form', () => {
  it.each(FORMS)('$name', ({ text, pick, want }) => {
    expect(pick(parseOk(text))).toEqual(want);
  });

  it('applies the configured default timeout to jobs that set none', () => {
    const result = parseWorkflow(`on: push\n${ONE_JOB}`, 'ci.yml', { defaultTimeoutMinutes: 45 });
    expect(result.workflow?.jobs[0]?.timeoutMinutes).toBe(45);
  });

  it('keeps a workflow whose cron never fires, with a warning', () => {
    const on = yml`
      on:
        schedule:
          - cron: '0 0 31 2 *'
    `;
    const result = parseWorkflow(on + ONE_JOB, 'ci.yml');
    expect(result.workflow).not.toBeNull();
    expect(result.diagnostics).toEqual([
      { path: 'on.schedule[0].cron', line: 3, message: "cron '0 0 31 2 *' never fires", severity: 'warning' },
    ]);
  });
});
