// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow expressions are ${{ }} text
/**
 * Local reusable workflows when a run is planned (issue #11 item 8): the called jobs join the run
 * as `<caller>/<job>` with the caller's needs and `if:`, bound inputs and secrets, their own file's
 * env; jobs needing the caller need them all; and every way a call can be wrong fails the run
 * with a message naming the job.
 */
import { describe, expect, it } from 'vitest';
import { makeTriggerWorld } from '../../support/trigger-world.js';
import { yml } from '../workflows/workflow-text.js';

const CALLER = yml`
  on: { push: { branches: [trunk] } }
  env: { FROM: caller }
  jobs:
    setup:
      runs-on: x
      steps: [{run: make}]
    build:
      needs: setup
      if: github.ref == 'refs/heads/trunk'
      uses: ./.shithub/workflows/build.yml
      with: { version: '\${{ github.ref_name }}-1', dry: true }
      secrets: inherit
    after:
      needs: build
      runs-on: x
      steps: [{run: 'echo \${{ needs.build.outputs.artifact }}'}]
`;

const CALLED = yml`
  on:
    workflow_call:
      inputs:
        version: {type: string, required: true}
        dry: {type: boolean, default: false}
        level: {type: number, default: 3}
      outputs:
        artifact: {value: '\${{ jobs.compile.outputs.file }}'}
  env: { FROM: called }
  permissions: { contents: read }
  jobs:
    compile:
      runs-on: \${{ inputs.dry && 'small' || 'big' }}
      outputs: { file: '\${{ steps.c.outputs.file }}' }
      steps: [{id: c, run: 'echo \${{ inputs.version }}'}]
    test:
      needs: compile
      runs-on: x
      services:
        db: {image: 'postgres:16', options: --health-cmd pg_isready}
      steps: [{run: test}]
`;

async function plan(files: Record<string, string>) {
  const w = makeTriggerWorld();
  const ada = await w.user('ada');
  const repo = await w.repo('ada');
  await w.push(repo, ada, 'trunk', files);
  const run = w.runs().find((r) => r.workflowFile === '.shithub/workflows/ci.yml');
  const jobs = w.jobsOf(run!.id).sort((a, b) => a.jobIndex - b.jobIndex);
  return { run: run!, jobs };
}

describe('a local reusable workflow call', () => {
  it('plans the called jobs as <caller>/<job>, bound and wired to the caller’s needs and dependents', async () => {
    const { run, jobs } = await plan({
      '.shithub/workflows/ci.yml': CALLER,
      '.shithub/workflows/build.yml': CALLED,
    });
    expect(run.diagnostics).toBeNull();
    expect(jobs.map((j) => [j.jobKey, j.jobName, j.needsJobs, j.ifExpr])).toEqual([
      ['setup', 'setup', [], ''],
      ['build/compile', 'build / compile', ['setup'], "github.ref == 'refs/heads/trunk'"],
      ['build/test', 'build / test', ['build/compile'], ''],
      ['after', 'after', ['build/compile', 'build/test'], ''],
    ]);
    const [, compile, test, after] = jobs;
    const call = {
      caller: 'build',
      inputs: { version: 'trunk-1', dry: true, level: 3 },
      secrets: 'inherit',
      outputs: { artifact: '${{ jobs.compile.outputs.file }}' },
    };
    expect(compile).toMatchObject({
      runsOn: ['small'],
      jobEnv: { FROM: 'called' },
      permissions: { contents: 'read' },
      call: { ...call, job: 'compile' },
    });
    expect(test).toMatchObject({
      call: { ...call, job: 'test' },
      containers: { container: null, services: { db: { image: 'postgres:16' } } },
    });
    expect(after).toMatchObject({ jobEnv: { FROM: 'caller' }, call: null });
  });

  it.each([
    [
      'a called file that does not exist',
      CALLER,
      {},
      'job build: the called workflow .shithub/workflows/build.yml does not exist at this commit',
    ],
    [
      'a file without on.workflow_call',
      CALLER,
      { '.shithub/workflows/build.yml': 'on: push\njobs: {a: {runs-on: x, steps: [{run: a}]}}\n' },
      'job build: .shithub/workflows/build.yml cannot be called: it has no on.workflow_call',
    ],
    [
      'a called file that calls another',
      CALLER,
      {
        '.shithub/workflows/build.yml':
          'on: workflow_call\njobs: {deeper: {uses: ./.shithub/workflows/x.yml}}\n',
      },
      'job build: .shithub/workflows/build.yml calls .shithub/workflows/x.yml in job deeper: calls nest one level deep',
    ],
    [
      'an invalid called file',
      CALLER,
      { '.shithub/workflows/build.yml': 'on: workflow_call\njobs: {a: {runs-on: x, stepz: []}}\n' },
      "job build: the called workflow is invalid: .shithub/workflows/build.yml:2: jobs.a.stepz: unknown key 'stepz'",
    ],
    [
      'an input the called file does not declare',
      CALLER.replace('dry: true', 'dry: true, colour: red'),
      { '.shithub/workflows/build.yml': CALLED },
      "job build: .shithub/workflows/build.yml has no input 'colour'",
    ],
    [
      'a missing required input',
      CALLER.replace("version: '${{ github.ref_name }}-1', ", ''),
      { '.shithub/workflows/build.yml': CALLED },
      "job build: the required input 'version' of .shithub/workflows/build.yml is missing",
    ],
    [
      'an input of the wrong type',
      CALLER.replace('dry: true', 'dry: maybe'),
      { '.shithub/workflows/build.yml': CALLED },
      "job build: with.dry: expected a boolean, not 'maybe'",
    ],
    [
      'an input reading needs',
      CALLER.replace("'${{ github.ref_name }}-1'", "'${{ needs.setup.result }}'"),
      { '.shithub/workflows/build.yml': CALLED },
      'job build: with.version: only github, inputs and vars are known when a called workflow is planned (not needs or matrix)',
    ],
    [
      'a required secret not passed',
      CALLER.replace('secrets: inherit', 'secrets: {OTHER: x}'),
      {
        '.shithub/workflows/build.yml': CALLED.replace(
          '    outputs:\n      artifact',
          '    secrets: {TOKEN: {required: true}, OTHER: {}}\n    outputs:\n      artifact',
        ),
      },
      "job build: the required secret 'TOKEN' of .shithub/workflows/build.yml is not passed",
    ],
    [
      'a matrix on the calling job',
      CALLER.replace('    secrets: inherit', '    secrets: inherit\n    strategy: {matrix: {n: [1, 2]}}'),
      { '.shithub/workflows/build.yml': CALLED },
      'job build: a matrix on a job that calls a workflow is not supported',
    ],
  ])('fails the run for %s, naming the calling job', async (_, caller, files, message) => {
    const { run, jobs } = await plan({ '.shithub/workflows/ci.yml': caller, ...files });
    expect(jobs).toEqual([]);
    expect(run.diagnostics).toEqual([{ path: '', line: null, message, severity: 'error' }]);
  });
});
