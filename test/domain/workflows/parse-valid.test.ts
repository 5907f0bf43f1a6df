/** Valid workflows: real-world files adapted to the subset (test/fixtures/workflows). */
import { describe, expect, it } from 'vitest';
import { expandJobs } from '../../../src/domain/workflows/expand-jobs.js';
import { fixture, parseOk } from './workflow-text.js';

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
