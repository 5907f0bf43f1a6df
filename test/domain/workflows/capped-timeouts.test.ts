import { describe, expect, it } from 'vitest';
import { expandJobs } from '../../../src/domain/workflows/expand-jobs.js';
import { parseWorkflow } from '../../../src/domain/workflows/parse-workflow.js';
import { parseOk, yml } from './workflow-text.js';

describe('timeout-minutes above the 3-day limit', () => {
  it('caps a job and a step timeout at 4320 minutes, with a warning at each', () => {
    const { workflow, diagnostics } = parseWorkflow(
      yml`
        on: push
        jobs:
          build:
            runs-on: x
            timeout-minutes: 14400
            steps:
              - run: a
                timeout-minutes: 5000
              - run: b
                timeout-minutes: 4320
      `,
      'ci.yml',
    );
    expect(diagnostics.map((d) => [d.severity, d.path, d.message])).toEqual([
      ['warning', 'jobs.build.timeout-minutes', '14400 minutes is above the limit: capped at 4320 (3 days)'],
      [
        'warning',
        'jobs.build.steps[0].timeout-minutes',
        '5000 minutes is above the limit: capped at 4320 (3 days)',
      ],
    ]);
    const job = workflow!.jobs.find((j) => j.key === 'build')!;
    expect(job.timeoutMinutes).toBe(4320);
    expect(job.steps.map((s) => s.timeoutMinutes)).toEqual([4320, 4320]);
  });

  it('caps a timeout that an expression resolves above the limit when the run is planned', () => {
    const wf = parseOk(
      "on: push\njobs:\n  a: {runs-on: x, steps: [{run: a}]}\n  b: {needs: a, runs-on: x, timeout-minutes: '${{ 9999 }}', steps: [{run: a}]}\n",
    );
    expect(expandJobs(wf).find((j) => j.baseKey === 'b')!.timeoutMinutes).toBe(4320);
  });
});
