import { describe, expect, it } from 'vitest';
import { BACKOFF_MAX_MS, backoffCeilingMs } from '../../../src/domain/agent/backoff.js';
import { type AgentWorld, job, makeAgentWorld, step } from '../../support/agent/agent-world.js';

describe('runner loop', () => {
  it('claims a job, runs its steps and reports each result in chain order', async () => {
    const w = makeAgentWorld();
    const j = job([step({ id: 1, run: 'print hello' }), step({ id: 2, run: 'exit 0' })]);
    w.controlPlane.enqueue(j);
    const agent = w.start();
    await w.timer.until(() => w.ended(j.id));
    expect(w.controlPlane.job(j.id).calls).toEqual([
      'job running',
      'step 1 running',
      'log 1#0',
      'step 1 completed/success',
      'step 2 running',
      'step 2 completed/success',
      'job completed/success',
    ]);
    expect(w.controlPlane.logText(j.id, 1)).toBe('hello\n');
    expect(w.workspace.created).toEqual([`/ws/${j.runId}/${j.id}`]);
    expect(w.workspace.live.size).toBe(0);
    agent.stopClaiming();
    await agent.done;
  });

  it('sends labels, capacity, host name, version, the long-poll wait and the active job ids', async () => {
    const w = makeAgentWorld();
    const j = job([step({ run: 'hang' })]);
    w.controlPlane.enqueue(j);
    const agent = w.start({ capacity: 2 });
    await w.timer.until(() => w.controlPlane.heartbeats.length >= 2);
    expect(w.controlPlane.heartbeats[0]).toEqual({
      labels: ['self-hosted', 'linux', 'ubuntu-latest', 'x64'],
      capacity: 2,
      hostName: 'fake-host',
      version: 'test',
      activeJobIds: [],
      waitSeconds: 30,
    });
    expect(w.controlPlane.heartbeats[1]?.activeJobIds).toEqual([j.id]);
    agent.stopClaiming();
    agent.shutdown();
    await w.timer.until(agent.finished);
  });

  it('heartbeats again at once after a claim, without waiting for the poll interval', async () => {
    const w = makeAgentWorld();
    const first = job([step({ run: 'hang' })]);
    const second = job([step({ run: 'hang' })]);
    w.controlPlane.enqueue(first);
    w.controlPlane.enqueue(second);
    const agent = w.start({ capacity: 2 });
    await w.timer.until(() => w.controlPlane.jobs.size === 2, { stepMs: 1 });
    expect(w.clock.now().getTime() - new Date('2026-01-01T00:00:00Z').getTime()).toBeLessThan(5);
    agent.stopClaiming();
    agent.shutdown();
    await w.timer.until(agent.finished);
  });

  it('runs up to capacity jobs at once and claims the next when one ends', async () => {
    const w = makeAgentWorld();
    const jobs = [
      job([step({ run: 'sleep 60000' })]),
      job([step({ run: 'hang' })]),
      job([step({ run: 'hang' })]),
    ];
    for (const j of jobs) w.controlPlane.enqueue(j);
    const agent = w.start({ capacity: 2 });
    await w.timer.advance(30_000);
    expect(w.engine.live()).toHaveLength(2);
    expect(w.controlPlane.queued).toHaveLength(1);
    const atCapacity = w.controlPlane.heartbeats.slice(2);
    expect(atCapacity.length).toBeGreaterThan(0);
    expect(atCapacity.every((h) => h.waitSeconds === 0 && h.activeJobIds.length === 2)).toBe(true);
    await w.timer.until(() => w.ended(jobs[0]!.id));
    await w.timer.until(() => w.controlPlane.queued.length === 0);
    expect(w.engine.live().map((p) => p.jobId)).toEqual([jobs[1]!.id, jobs[2]!.id]);
    agent.stopClaiming();
    agent.shutdown();
    await w.timer.until(agent.finished);
  });

  /** Starts a runner on an unreachable server; resolves with the gaps between its first 8 heartbeats. */
  async function unreachableGaps(w: AgentWorld) {
    const sentAt: number[] = [];
    const heartbeat = w.controlPlane.heartbeat.bind(w.controlPlane);
    w.controlPlane.heartbeat = (input, signal) => {
      sentAt.push(w.clock.now().getTime());
      return heartbeat(input, signal);
    };
    w.controlPlane.unreachable = true;
    const agent = w.start({ longPollSeconds: 0 });
    await w.timer.until(() => sentAt.length >= 8);
    return { agent, gaps: sentAt.slice(1, 8).map((t, i) => t - sentAt[i]!) };
  }

  it('backs off with full jitter, within 1 s, 2 s, 4 s … 30 s, while the server is unreachable, then carries on', async () => {
    const w = makeAgentWorld();
    const { agent, gaps } = await unreachableGaps(w);
    const ceilings = gaps.map((_, attempt) => backoffCeilingMs(attempt));
    expect(ceilings).toEqual([1000, 2000, 4000, 8000, 16000, BACKOFF_MAX_MS, BACKOFF_MAX_MS]);
    gaps.forEach((gap, attempt) => {
      expect(gap).toBeGreaterThanOrEqual(0);
      expect(gap).toBeLessThanOrEqual(ceilings[attempt]!);
    });
    expect(agent.finished()).toBe(false);
    w.controlPlane.unreachable = false;
    const j = job([step({ run: 'exit 0' })]);
    w.controlPlane.enqueue(j);
    await w.timer.until(() => w.ended(j.id));
    expect(w.controlPlane.job(j.id).conclusion).toBe('success');
    agent.stopClaiming();
    await w.timer.until(agent.finished);
  });

  it('waits the whole 1 s, 2 s, 4 s … 30 s when the jitter draws its largest value', async () => {
    const w = makeAgentWorld({ random: { bytes: (n) => new Uint8Array(n).fill(0xff) } });
    const { agent, gaps } = await unreachableGaps(w);
    expect(gaps).toEqual([1000, 2000, 4000, 8000, 16000, BACKOFF_MAX_MS, BACKOFF_MAX_MS]);
    agent.stopClaiming();
    await w.timer.until(agent.finished);
  });

  it('sleeps the poll interval after a 204 when the long poll is off', async () => {
    const w = makeAgentWorld();
    const agent = w.start({ longPollSeconds: 0, pollIntervalMs: 5000 });
    await w.timer.advance(12_000);
    expect(w.controlPlane.heartbeats.map((h) => h.waitSeconds)).toEqual([0, 0, 0]);
    agent.stopClaiming();
    await w.timer.until(agent.finished);
  });

  it('does not spin when the server ends a long poll at once (draining runner)', async () => {
    const w = makeAgentWorld();
    w.controlPlane.draining = true;
    const agent = w.start({ longPollSeconds: 30, pollIntervalMs: 5000 });
    await w.timer.advance(60_000);
    expect(w.controlPlane.heartbeats.length).toBeLessThanOrEqual(13);
    expect(w.controlPlane.heartbeats.length).toBeGreaterThanOrEqual(11);
    agent.stopClaiming();
    await w.timer.until(agent.finished);
  });

  it('waits as long as Retry-After says when rate limited', async () => {
    const w = makeAgentWorld();
    w.controlPlane.heartbeatScript.push({
      kind: 'rejected',
      status: 429,
      code: 'rate_limited',
      message: 'rate limit exceeded',
      retryAfterMs: 20_000,
    });
    const agent = w.start();
    await w.timer.advance(19_000);
    expect(w.controlPlane.heartbeats).toHaveLength(1);
    await w.timer.advance(1_000);
    expect(w.controlPlane.heartbeats).toHaveLength(2);
    expect(w.log.text()).toContain('heartbeat refused');
    agent.stopClaiming();
    await w.timer.until(agent.finished);
  });

  it('on the first SIGTERM stops claiming and finishes the running job', async () => {
    const w = makeAgentWorld();
    const running = job([step({ run: 'sleep 20000' })]);
    w.controlPlane.enqueue(running);
    const agent = w.start({ capacity: 2 });
    await w.timer.until(() => w.engine.live().length === 1);
    agent.stopClaiming();
    const waiting = job([step({ run: 'exit 0' })]);
    w.controlPlane.enqueue(waiting);
    await w.timer.until(agent.finished);
    expect(w.controlPlane.job(running.id).conclusion).toBe('success');
    expect(w.controlPlane.jobs.has(waiting.id)).toBe(false);
  });

  it('on the second SIGTERM cancels the running jobs and reports them cancelled', async () => {
    const w = makeAgentWorld();
    const j = job([step({ id: 1, run: 'hang' }), step({ id: 2, run: 'exit 0' })]);
    w.controlPlane.enqueue(j);
    const agent = w.start();
    await w.timer.until(() => w.engine.live().length === 1);
    agent.stopClaiming();
    agent.shutdown();
    await w.timer.until(agent.finished);
    const fake = w.controlPlane.job(j.id);
    expect([fake.status, fake.conclusion]).toEqual(['cancelled', 'cancelled']);
    expect(fake.steps.get(1)).toEqual({ status: 'cancelled', conclusion: 'cancelled' });
    expect(fake.steps.get(2)).toEqual({ status: 'cancelled', conclusion: 'cancelled' });
    expect(w.engine.stopped).toEqual([`shithub-job-${j.id}-step-1`]);
  });

  it('remembers the runner id from the claim for the next start', async () => {
    const w = makeAgentWorld();
    w.controlPlane.runnerId = 42;
    const j = job([step({ run: 'exit 0' })]);
    w.controlPlane.enqueue(j);
    const agent = w.start();
    await w.timer.until(() => w.ended(j.id));
    expect(agent.state.runnerId).toBe(42);
    expect(w.workspace.runnerId).toBe(42);
    expect(w.engine.started[0]?.runnerId).toBe(42);
    agent.stopClaiming();
    await w.timer.until(agent.finished);
  });
});
