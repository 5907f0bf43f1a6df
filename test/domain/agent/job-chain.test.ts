import { describe, expect, it } from 'vitest';
import {
  job,
  jobResult,
  makeAgentWorld,
  runOneJob,
  step,
  stepResults,
} from '../../support/agent/agent-world.js';

describe('the job token chain', () => {
  it.each([['reportJob' as const], ['reportStep' as const], ['appendLog' as const]])(
    'recovers from a lost %s answer with the recovery endpoint and completes the job',
    async (call) => {
      const w = makeAgentWorld();
      w.controlPlane.loseAnswers.set(call, 1);
      const j = job([step({ id: 1, run: 'print hello' })]);
      await runOneJob(w, j);
      expect(jobResult(w, j)).toBe('completed/success');
      expect(stepResults(w, j)).toEqual(['completed/success']);
      expect(w.controlPlane.logText(j.id, 1)).toBe('hello\n');
      expect(w.controlPlane.job(j.id).calls).toContain('recover');
    },
  );

  it('takes a lost answer to the final job report as delivered', async () => {
    const w = makeAgentWorld();
    const j = job([step({ id: 1, run: 'sleep 3000' })]);
    w.controlPlane.enqueue(j);
    const agent = w.start();
    await w.timer.until(() => w.engine.live().length === 1, { stepMs: 10 });
    w.controlPlane.loseAnswers.set('reportJob', 1);
    await w.timer.until(() => w.ended(j.id) && agent.state.active.size === 0);
    expect(jobResult(w, j)).toBe('completed/success');
    expect(w.log.text()).not.toContain('no longer assigned');
    agent.stopClaiming();
    await w.timer.until(agent.finished);
  });

  it('recovers from a lost cancel-check answer and still sees the cancel', async () => {
    const w = makeAgentWorld();
    const j = job([step({ run: 'hang' })]);
    w.controlPlane.enqueue(j);
    const agent = w.start();
    await w.timer.until(() => w.engine.live().length === 1);
    w.controlPlane.loseAnswers.set('checkCancel', 2);
    w.controlPlane.requestCancel(j.id);
    await w.timer.until(() => w.ended(j.id));
    expect(jobResult(w, j)).toBe('cancelled/cancelled');
    agent.stopClaiming();
    await w.timer.until(agent.finished);
  });

  it('sends every call of a job one at a time, each with the token the previous answer gave', async () => {
    const w = makeAgentWorld();
    const j = job([step({ id: 1, run: 'print a\nsleep 9000\n' }), step({ id: 2, run: 'print b' })]);
    const used: string[] = [];
    const cp = w.controlPlane;
    let inFlight = 0;
    let maxInFlight = 0;
    for (const name of ['appendLog', 'reportStep', 'reportJob', 'checkCancel'] as const) {
      const original = cp[name].bind(cp) as (...args: unknown[]) => Promise<unknown>;
      (cp as unknown as Record<string, unknown>)[name] = async (...args: unknown[]) => {
        used.push(String(args[1]));
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          return await original(...args);
        } finally {
          inFlight -= 1;
        }
      };
    }
    await runOneJob(w, j);
    expect(maxInFlight).toBe(1);
    expect(new Set(used).size).toBe(used.length);
    expect(jobResult(w, j)).toBe('completed/success');
  });

  it('stops a job the server took away: the step is stopped and nothing more is reported', async () => {
    const w = makeAgentWorld();
    const j = job([step({ id: 1, run: 'hang' }), step({ id: 2, run: 'exit 0' })]);
    w.controlPlane.enqueue(j);
    const agent = w.start({ capacity: 2 });
    await w.timer.until(() => w.engine.live().length === 1);
    const fake = w.controlPlane.job(j.id);
    Object.assign(fake, { status: 'completed', conclusion: 'failure' });
    w.controlPlane.loseAnswers.set('checkCancel', 1);
    await w.timer.until(() => agent.state.active.size === 0);
    expect(w.engine.live()).toEqual([]);
    expect(w.workspace.live.size).toBe(0);
    expect(fake.calls.filter((c) => c.startsWith('job '))).toEqual(['job running']);
    expect(w.log.text()).toContain('no longer assigned');
    agent.stopClaiming();
    await w.timer.until(agent.finished);
  });

  it('finishes the job after a long server outage that outlives its token', async () => {
    const w = makeAgentWorld();
    const j = job([step({ id: 1, run: 'sleep 5000' })]);
    w.controlPlane.enqueue(j);
    const agent = w.start();
    await w.timer.until(() => w.engine.live().length === 1, { stepMs: 10 });
    w.controlPlane.unreachable = true;
    await w.timer.advance(20 * 60_000);
    w.controlPlane.unreachable = false;
    await w.timer.until(() => w.ended(j.id));
    expect(jobResult(w, j)).toBe('completed/success');
    agent.stopClaiming();
    await w.timer.until(agent.finished);
  });
});
