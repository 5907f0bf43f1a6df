/** Keys GitHub accepts beyond the first subset (issue #11): parsed and carried in the model. */
import { describe, expect, it } from 'vitest';
import { parseWorkflow } from '../../../src/domain/workflows/parse-workflow.js';
import { ONE_JOB, parseOk, yml } from './workflow-text.js';

const steps = (list: string) => `on: push\njobs:\n  build: {runs-on: x, steps: [${list}]}\n`;

describe('parseWorkflow on GitHub keys', () => {
  it('carries job outputs, step ids and needs outputs for the runner', () => {
    const wf = parseOk(yml`
      on: push
      jobs:
        a:
          runs-on: x
          outputs:
            hash: \${{ steps.h.outputs.hash }}
          steps:
            - id: h
              run: echo "hash=1" >> "$GITHUB_OUTPUT"
        b:
          needs: a
          if: needs.a.outputs.hash != '' && needs.a.result == 'success'
          runs-on: x
          steps:
            - run: echo \${{ needs.a.outputs.hash }}
    `);
    expect(wf.jobs[0]?.outputs).toEqual({ hash: '${{ steps.h.outputs.hash }}' });
    expect(wf.jobs[0]?.steps[0]?.id).toBe('h');
    expect(wf.jobs[1]?.if).toBe("needs.a.outputs.hash != '' && needs.a.result == 'success'");
  });

  it('applies defaults.run of the workflow under the job to run steps only', () => {
    const wf = parseOk(yml`
      on: push
      defaults: {run: {shell: sh, working-directory: app}}
      jobs:
        b:
          runs-on: x
          defaults: {run: {working-directory: lib}}
          steps:
            - run: make
            - {run: make, shell: bash, working-directory: .}
            - uses: actions/checkout@v4
    `);
    expect(wf.defaults).toEqual({ shell: 'sh', workingDirectory: 'app' });
    expect(wf.jobs[0]?.defaults).toEqual({ shell: 'sh', workingDirectory: 'lib' });
    expect(wf.jobs[0]?.steps.map((s) => [s.shell, s.workingDirectory])).toEqual([
      ['sh', 'lib'],
      ['bash', '.'],
      [null, null],
    ]);
  });

  it('reads a container as an image or a mapping, and services by key', () => {
    const wf = parseOk(yml`
      on: push
      jobs:
        a: {runs-on: x, container: 'debian:12', steps: [{run: a}]}
        b:
          runs-on: x
          container:
            image: node:20
            env: {CI: 1}
            options: --cpus 1
            ports: [8080]
            volumes: [/data]
            credentials: {username: u, password: '\${{ secrets.P }}'}
          services:
            db:
              image: postgres:16
              env: {POSTGRES_PASSWORD: pw}
              ports: ['5432:5432']
              options: --health-cmd pg_isready
          steps: [{run: a}]
    `);
    expect(wf.jobs[0]?.container).toEqual({
      image: 'debian:12',
      env: {},
      options: null,
      credentials: null,
      ports: [],
      volumes: [],
    });
    expect(wf.jobs[1]?.container).toEqual({
      image: 'node:20',
      env: { CI: '1' },
      options: '--cpus 1',
      credentials: { username: 'u', password: '${{ secrets.P }}' },
      ports: ['8080'],
      volumes: ['/data'],
    });
    expect(wf.jobs[1]?.services.db).toMatchObject({
      image: 'postgres:16',
      ports: ['5432:5432'],
      options: '--health-cmd pg_isready',
    });
  });

  it('reads environment as a name or {name, url}, and runs-on as {group, labels}', () => {
    const wf = parseOk(yml`
      on: push
      jobs:
        a: {runs-on: {group: big, labels: [linux]}, environment: prod, steps: [{run: a}]}
        b: {runs-on: x, environment: {name: stage, url: 'https://s'}, steps: [{run: a}]}
    `);
    expect(wf.jobs.map((j) => [j.runsOn, j.runnerGroup, j.environment])).toEqual([
      [['linux'], 'big', { name: 'prod', url: null }],
      [['x'], null, { name: 'stage', url: 'https://s' }],
    ]);
  });

  it('reads a local reusable workflow call and the interface of a callable workflow', () => {
    const wf = parseOk(yml`
      on:
        workflow_call:
          inputs:
            version: {type: string, required: true}
            dry: {type: boolean, default: false}
          outputs:
            sha: {value: '\${{ jobs.build.outputs.sha }}'}
          secrets:
            token: {required: true}
      jobs:
        build:
          uses: ./.github/workflows/build.yml
          with: {version: '\${{ inputs.version }}', dry: true}
          secrets: inherit
        ship:
          needs: build
          uses: ./.shithub/workflows/ship.yml
          secrets: {token: '\${{ secrets.token }}'}
    `);
    expect(wf.workflowCall).toEqual({
      inputs: {
        version: { description: '', type: 'string', required: true, default: null },
        dry: { description: '', type: 'boolean', required: false, default: false },
      },
      outputs: { sha: { description: '', value: '${{ jobs.build.outputs.sha }}' } },
      secrets: { token: { description: '', required: true } },
    });
    expect(wf.jobs.map((j) => [j.uses, j.runsOn, j.steps])).toEqual([
      [
        {
          path: '.github/workflows/build.yml',
          with: { version: '${{ inputs.version }}', dry: true },
          secrets: 'inherit',
        },
        [],
        [],
      ],
      [{ path: '.shithub/workflows/ship.yml', with: {}, secrets: { token: '${{ secrets.token }}' } }, [], []],
    ]);
  });

  it.each([
    ['@v2', 'actions/checkout@v2'],
    ['@v7', 'actions/checkout@v7'],
    ['a tag', 'actions/checkout@v4.1.1'],
    ['a 40-hex pin', 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683'],
  ])('runs actions/checkout at %s as the built-in checkout, keeping what was written', (_, uses) => {
    const step = parseOk(steps(`{uses: '${uses}', with: {fetch-depth: 0, persist-credentials: false}}`))
      .jobs[0]?.steps[0];
    expect(step).toMatchObject({ uses: 'actions/checkout@v4', usesSource: uses, name: `Run ${uses}` });
  });

  it('keeps a local action as written', () => {
    const step = parseOk(steps("{uses: ./.github/actions/setup, with: {x: '1'}}")).jobs[0]?.steps[0];
    expect(step).toMatchObject({ uses: './.github/actions/setup', with: { x: '1' } });
  });

  it.each(['bash', 'sh', 'pwsh', 'python', 'cmd', 'powershell', 'bash -l {0}', '${{ matrix.shell }}'])(
    'accepts shell %s',
    (shell) => {
      expect(parseOk(steps(`{run: a, shell: '${shell}'}`)).jobs[0]?.steps[0]?.shell).toBe(shell);
    },
  );

  it('carries expressions in timeout-minutes and continue-on-error beside their defaults', () => {
    const wf = parseOk(yml`
      on: push
      jobs:
        b:
          runs-on: x
          timeout-minutes: \${{ inputs.t }}
          continue-on-error: \${{ matrix.experimental }}
          steps:
            - {run: a, timeout-minutes: '\${{ 5 }}', continue-on-error: '\${{ true }}'}
    `);
    expect(wf.jobs[0]).toMatchObject({
      timeoutMinutes: 360,
      timeoutMinutesExpr: '${{ inputs.t }}',
      continueOnError: false,
      continueOnErrorExpr: '${{ matrix.experimental }}',
    });
    expect(wf.jobs[0]?.steps[0]).toMatchObject({
      timeoutMinutes: null,
      timeoutMinutesExpr: '${{ 5 }}',
      continueOnErrorExpr: '${{ true }}',
    });
  });

  it('carries a matrix, a dimension, fail-fast and max-parallel given as expressions', () => {
    const wf = parseOk(yml`
      on: push
      jobs:
        a:
          runs-on: x
          strategy:
            matrix: \${{ fromJSON(inputs.m) }}
            fail-fast: \${{ inputs.ff }}
            max-parallel: \${{ inputs.n }}
          steps: [{run: a}]
        b:
          runs-on: x
          strategy: {matrix: {os: '\${{ fromJSON(inputs.os) }}', include: [{os: z}]}}
          steps: [{run: a}]
    `);
    expect(wf.jobs[0]?.strategy).toMatchObject({
      matrixExpr: { '': '${{ fromJSON(inputs.m) }}' },
      failFastExpr: '${{ inputs.ff }}',
      maxParallelExpr: '${{ inputs.n }}',
    });
    expect(wf.jobs[1]?.strategy).toMatchObject({
      matrix: { dimensions: {}, include: [{ os: 'z' }], exclude: [] },
      matrixExpr: { os: '${{ fromJSON(inputs.os) }}' },
    });
  });

  it('reads a strategy without a matrix as no matrix at all', () => {
    expect(
      parseOk(`on: push\njobs: {b: {runs-on: x, strategy: {fail-fast: false}, steps: [{run: a}]}}\n`).jobs[0]
        ?.strategy,
    ).toBeNull();
  });

  it('accepts every permission scope, models included, and run-name', () => {
    const wf = parseOk(
      `run-name: Deploy \${{ github.ref }}\npermissions: {models: read, id-token: write, pages: none}\non: push\n${ONE_JOB}`,
    );
    expect(wf.permissions).toEqual({ models: 'read', 'id-token': 'write', pages: 'none' });
    expect(wf.runName).toBe('Deploy ${{ github.ref }}');
  });

  it.each([
    ['release', 'on', ['release']],
    ['[push, merge_group]', 'on[1]', ['merge_group']],
    [
      '{push: null, issue_comment: {types: [created]}, workflow_run: {workflows: [CI]}}',
      'on.issue_comment',
      ['issue_comment', 'workflow_run'],
    ],
  ])('accepts on: %s with a warning per event it never fires', (on, path, ignored) => {
    const result = parseWorkflow(`on: ${on}\n${ONE_JOB}`, 'ci.yml');
    expect(result.workflow?.ignoredEvents).toEqual(ignored);
    expect(result.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
    expect(result.diagnostics[0]).toMatchObject({ path, message: expect.stringContaining('never fires') });
  });

  it('knows the steps, strategy, runner, vars and job contexts and hashFiles()', () => {
    parseOk(yml`
      on: push
      jobs:
        b:
          runs-on: x
          steps:
            - {id: one, run: a}
            - run: >-
                echo \${{ steps.one.outcome }} \${{ steps.one.conclusion }} \${{ strategy.job-index }}
                \${{ runner.os }} \${{ runner.temp }} \${{ vars.X }} \${{ job.status }} \${{ job.services }}
                \${{ github.workspace }} \${{ github.run_attempt }} \${{ hashFiles('**/go.sum', 'x') }}
    `);
  });
});
