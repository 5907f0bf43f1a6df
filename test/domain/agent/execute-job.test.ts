import { describe, expect, it } from 'vitest';
import {
  job,
  jobResult,
  makeAgentWorld,
  runOneJob,
  step,
  stepResults,
} from '../../support/agent/agent-world.js';

describe('job execution: step results and the job conclusion', () => {
  it('skips the steps after a failure, runs always() steps, and fails the job', async () => {
    const w = makeAgentWorld();
    const j = job([
      step({ id: 1, run: 'exit 3' }),
      step({ id: 2, run: 'exit 0' }),
      step({ id: 3, run: 'exit 0', ifExpr: 'always()' }),
      step({ id: 4, run: 'exit 0', ifExpr: 'failure()' }),
    ]);
    await runOneJob(w, j);
    expect(stepResults(w, j)).toEqual([
      'completed/failure',
      'skipped/skipped',
      'completed/success',
      'completed/success',
    ]);
    expect(jobResult(w, j)).toBe('completed/failure');
    expect(w.controlPlane.logText(j.id, 1)).toBe('exit code 3\n');
  });

  it('lets a failing continue-on-error step pass', async () => {
    const w = makeAgentWorld();
    const j = job([step({ run: 'exit 1', continueOnError: true }), step({ run: 'exit 0' })]);
    await runOneJob(w, j);
    expect(stepResults(w, j)).toEqual(['completed/failure', 'completed/success']);
    expect(jobResult(w, j)).toBe('completed/success');
  });

  it('kills a step past its own timeout: timed_out, never masked by continue-on-error', async () => {
    const w = makeAgentWorld();
    const j = job([
      step({ id: 1, run: 'hang', timeoutMinutes: 1, continueOnError: true }),
      step({ id: 2, run: 'exit 0' }),
      step({ id: 3, run: 'exit 0', ifExpr: 'always()' }),
    ]);
    await runOneJob(w, j);
    expect(stepResults(w, j)).toEqual(['completed/timed_out', 'skipped/skipped', 'completed/success']);
    expect(jobResult(w, j)).toBe('completed/timed_out');
    expect(w.engine.killed).toEqual([`shithub-job-${j.id}-step-1`]);
    expect(w.controlPlane.logText(j.id, 1)).toContain('ran past its timeout');
  });

  it('ends the job at its timeout-minutes: the running step times out, nothing after it runs', async () => {
    const w = makeAgentWorld();
    const j = job(
      [
        step({ id: 1, run: 'sleep 50000' }),
        step({ id: 2, run: 'sleep 600000' }),
        step({ id: 3, ifExpr: 'always()', run: 'exit 0' }),
      ],
      { timeoutMinutes: 1 },
    );
    const t0 = w.clock.now().getTime();
    await runOneJob(w, j);
    expect(stepResults(w, j)).toEqual(['completed/success', 'completed/timed_out', 'skipped/skipped']);
    expect(jobResult(w, j)).toBe('completed/timed_out');
    const completed = w.clock.now().getTime() - t0;
    expect(completed).toBeGreaterThanOrEqual(60_000);
    expect(completed).toBeLessThan(62_000);
  });

  it('cancels within seconds of a cancel request: stop, then kill after the grace period', async () => {
    const w = makeAgentWorld();
    const j = job([step({ id: 1, run: 'stubborn' }), step({ id: 2, run: 'exit 0' })]);
    w.controlPlane.enqueue(j);
    const agent = w.start();
    await w.timer.until(() => w.engine.live().length === 1);
    const t0 = w.clock.now().getTime();
    w.controlPlane.requestCancel(j.id);
    await w.timer.until(() => w.ended(j.id));
    const name = `shithub-job-${j.id}-step-1`;
    expect(w.engine.stopped).toEqual([name]);
    expect(w.engine.killed).toEqual([name]);
    expect(w.clock.now().getTime() - t0).toBeLessThan(2_000 + 12_000 + 1_000);
    expect(jobResult(w, j)).toBe('cancelled/cancelled');
    expect(stepResults(w, j)).toEqual(['cancelled/cancelled', 'cancelled/cancelled']);
    agent.stopClaiming();
    await w.timer.until(agent.finished);
  });

  it('stops a cooperative step without killing it', async () => {
    const w = makeAgentWorld();
    const j = job([step({ run: 'hang' })]);
    w.controlPlane.enqueue(j);
    const agent = w.start();
    await w.timer.until(() => w.engine.live().length === 1);
    w.controlPlane.requestCancel(j.id);
    await w.timer.until(() => w.ended(j.id));
    expect(w.engine.killed).toEqual([]);
    expect(jobResult(w, j)).toBe('cancelled/cancelled');
    agent.stopClaiming();
    await w.timer.until(agent.finished);
  });

  it('skips a step whose if: is false and fails one whose if: cannot be evaluated', async () => {
    const w = makeAgentWorld();
    const j = job([
      step({ id: 1, ifExpr: "github.event_name == 'pull_request'", run: 'exit 0' }),
      step({ id: 2, ifExpr: 'fromJSON(', run: 'exit 0' }),
    ]);
    await runOneJob(w, j);
    expect(stepResults(w, j)).toEqual(['skipped/skipped', 'completed/failure']);
    expect(w.controlPlane.logText(j.id, 2)).toMatch(/^error: if: /);
  });

  it('skips every step when the job if: is false', async () => {
    const w = makeAgentWorld();
    const j = job([step({ run: 'exit 0' })], { ifExpr: "github.ref == 'refs/heads/other'" });
    await runOneJob(w, j);
    expect(stepResults(w, j)).toEqual(['skipped/skipped']);
    expect(jobResult(w, j)).toBe('completed/skipped');
    expect(w.engine.started).toEqual([]);
  });

  it('fails the job with the reason, and runs no step, when the job if: cannot be evaluated', async () => {
    const w = makeAgentWorld();
    const j = job([step({ id: 1, run: 'exit 0' }), step({ id: 2, ifExpr: 'always()', run: 'exit 0' })], {
      ifExpr: 'fromJSON(',
    });
    await runOneJob(w, j);
    expect(stepResults(w, j)).toEqual(['completed/failure', 'skipped/skipped']);
    expect(jobResult(w, j)).toBe('completed/failure');
    expect(w.controlPlane.logText(j.id, 1)).toMatch(/^error: job if: /);
    expect(w.engine.started).toEqual([]);
  });

  it('refuses uses: other than actions/checkout@v4 with a clear log line', async () => {
    const w = makeAgentWorld();
    const j = job([step({ id: 1, uses: 'actions/setup-node@v4' })]);
    await runOneJob(w, j);
    expect(stepResults(w, j)).toEqual(['completed/failure']);
    expect(w.controlPlane.logText(j.id, 1)).toContain('unsupported uses: actions/setup-node@v4');
  });

  it('fails the job when its workspace cannot be created', async () => {
    const w = makeAgentWorld();
    w.workspace.failCreate = true;
    const j = job([step({ run: 'exit 0' })]);
    await runOneJob(w, j);
    expect(jobResult(w, j)).toBe('completed/failure');
    expect(w.engine.started).toEqual([]);
  });

  it('warns on every job run by the host engine', async () => {
    const w = makeAgentWorld({ isolated: false });
    await runOneJob(w, job([step({ run: 'exit 0' })]));
    expect(w.log.text()).toContain('WITHOUT isolation');
  });
});
