/** Valid workflows: real-world files adapted to the subset, and the forms each key may take. */
import { describe, expect, it } from 'vitest';
import { expandJobs } from '../../../src/domain/workflows/expand-jobs.js';
import { parseWorkflow } from '../../../src/domain/workflows/parse-workflow.js';
import { fixture, ONE_JOB, parseOk, yml } from './workflow-text.js';

describe('parseWorkflow on real-world workflows', () => {
  it("reads the runbook's smoke.yml: a push on trunk, job green with three steps", () => {
    const wf = parseOk(fixture('smoke.yml'));
    expect(wf.name).toBe('Smoke');
    expect(wf.on.push).toEqual({
      branches: { mode: 'include', patterns: ['trunk'] },
      tags: null,
      paths: null,
    });
    const [green] = wf.jobs;
    expect(green).toMatchObject({
      key: 'green',
      name: 'green',
      runsOn: ['ubuntu-latest'],
      timeoutMinutes: 360,
      if: '',
    });
    expect(green?.steps.map((s) => [s.name, s.uses, s.run])).toEqual([
      ['Run actions/checkout@v4', 'actions/checkout@v4', null],
      ['Verify checkout', null, 'test -f README.md || test -f readme.md || pwd'],
      ['Smoke', null, "printf 'shithub actions smoke passed\\n'"],
    ]);
  });

  it("reads the runbook's windows-latest workflow: dispatch only, label kept as given", () => {
    const wf = parseOk(fixture('windows-latest.yml'));
    expect(wf.on).toEqual({ push: null, pullRequest: null, workflowDispatch: { inputs: {} }, schedule: [] });
    expect(wf.jobs[0]?.runsOn).toEqual(['windows-latest']);
  });

  it('reads a Node CI matrix: concurrency expression, exclude and include, needs on the matrix job', () => {
    const wf = parseOk(fixture('node-ci-matrix.yml'));
    expect(wf.concurrency).toEqual({
      group: 'ci-${{ github.ref }}',
      cancelInProgress: "${{ github.ref != 'refs/heads/main' }}",
    });
    expect(wf.permissions).toEqual({ contents: 'read' });
    expect(wf.jobs.find((j) => j.key === 'test')?.strategy).toMatchObject({
      failFast: false,
      maxParallel: 4,
    });
    const expanded = expandJobs(wf);
    expect(expanded.map((j) => j.key)).toEqual([
      'test-1',
      'test-2',
      'test-3',
      'test-4',
      'test-5',
      'lint',
      'report',
    ]);
    expect(expanded.find((j) => j.key === 'report')?.needs).toEqual([
      'test-1',
      'test-2',
      'test-3',
      'test-4',
      'test-5',
      'lint',
    ]);
    expect(expanded.find((j) => j.key === 'lint')?.runsOn).toEqual(['self-hosted', 'linux']);
  });

  it('reads a Go build with branch negation, path filters and step options', () => {
    const wf = parseOk(fixture('go-paths.yml'));
    expect(wf.on.push?.paths).toEqual({
      mode: 'include',
      patterns: ['**.go', 'go.mod', 'go.sum', '!docs/**'],
    });
    expect(wf.on.pullRequest).toEqual({
      types: ['opened', 'synchronize', 'reopened'],
      branches: null,
      paths: { mode: 'ignore', patterns: ['docs/**', '**.md'] },
    });
    expect(wf.jobs[0]?.steps[1]).toMatchObject({ workingDirectory: './cmd', shell: 'bash' });
    expect(wf.jobs[0]?.steps[2]?.timeoutMinutes).toBe(15);
  });

  it('reads a release-on-tag workflow with artifacts and a secret in step env', () => {
    const wf = parseOk(fixture('release-on-tag.yml'));
    expect(wf.permissions).toBe('write-all');
    expect(wf.on.push?.tags?.patterns).toEqual(['v[0-9]+.[0-9]+.[0-9]+', '!v*-rc*']);
    expect(wf.jobs[0]?.steps[0]?.with).toEqual({ 'fetch-depth': '0', ref: '${{ github.ref }}' });
    expect(wf.jobs[1]).toMatchObject({ needs: ['build'], env: { TAG: '${{ github.ref_name }}' } });
    expect(wf.jobs[1]?.steps[1]?.env).toEqual({ TOKEN: '${{ secrets.RELEASE_TOKEN }}' });
  });

  it('reads a scheduled nightly with continue-on-error at job and step level', () => {
    const wf = parseOk(fixture('nightly.yml'));
    expect(wf.on.schedule).toEqual(['30 2 * * *', '0 12 * * 1-5']);
    expect(wf.jobs[0]).toMatchObject({ continueOnError: true, timeoutMinutes: 120 });
    expect(wf.jobs[0]?.steps.map((s) => [s.continueOnError, s.if])).toEqual([
      [false, ''],
      [true, ''],
      [false, 'failure()'],
    ]);
  });

  it('reads a dispatch with choice, boolean, number and free-text inputs', () => {
    const wf = parseOk(fixture('dispatch-choice.yml'));
    expect(wf.on.workflowDispatch?.inputs).toEqual({
      environment: {
        description: 'Where to deploy',
        type: 'choice',
        required: true,
        default: 'staging',
        options: ['staging', 'production'],
      },
      'dry-run': {
        description: 'Only print the plan',
        type: 'boolean',
        required: false,
        default: true,
        options: [],
      },
      replicas: { description: '', type: 'number', required: false, default: 2, options: [] },
      note: {
        description: 'Free text for the log',
        type: 'string',
        required: false,
        default: null,
        options: [],
      },
    });
    expect(wf.jobs[0]?.if).toBe("inputs.environment != 'production' || github.actor == 'release-bot'");
    expect(wf.jobs[0]?.concurrency).toEqual({
      group: 'deploy-${{ inputs.environment }}',
      cancelInProgress: false,
    });
  });
});

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
type W = NonNullable<ReturnType<typeof parseWorkflow>['workflow']>;

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
