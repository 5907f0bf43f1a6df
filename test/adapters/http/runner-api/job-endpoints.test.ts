/** The job endpoints' answers and effects (SPEC §7.2; facts §1.3–1.6). */
import { describe, expect, it } from 'vitest';
import { MemoryState } from '../../../../src/adapters/memory/state.js';
import { b64, makeRunnerApiWorld, memoryStores } from './runner-api-world.js';

async function claimedWorld() {
  const state = new MemoryState();
  const w = makeRunnerApiWorld(memoryStores(state));
  const claimed = await w.claimed();
  const [first, second] = claimed.claim.job.steps.map((s) => s.id) as [number, number];
  let token = claimed.token;
  /** Posts with the chain's current token and keeps the next one. */
  const call = async (route: string, body: unknown) => {
    const res = await w.post(`/api/v1/jobs/${claimed.jobId}/${route}`, body, token);
    const json = res.status === 204 ? null : await res.json();
    if (json?.next_token) token = json.next_token;
    return { status: res.status, json };
  };
  const chunks = (stepId: number) =>
    state.tables.logChunks
      .filter((c) => c.stepId === stepId)
      .sort((a, b) => a.seq - b.seq)
      .map((c) => Buffer.from(c.chunk).toString('utf8'));
  return { w, state, call, chunks, first, second, ...claimed };
}

describe('POST /jobs/{id}/logs', () => {
  it('answers 202 {accepted, next_token, next_token_expires_at} and stores the chunk on the first step', async () => {
    const { w, call, chunks, first } = await claimedWorld();
    const res = await call('logs', { seq: 0, chunk: b64('hello from curl\n') });
    expect(res).toEqual({
      status: 202,
      json: { accepted: true, next_token: expect.any(String), next_token_expires_at: '2026-01-01T00:15:00Z' },
    });
    expect(chunks(first)).toEqual(['hello from curl\n']);
    expect(w.metrics.counter('log_chunks_total')).toBe(1);
    expect(w.metrics.counter('log_chunk_bytes_total')).toBe(16);
  });

  it('takes step_id 0 as the first step and an explicit step as given', async () => {
    const { call, chunks, first, second } = await claimedWorld();
    expect((await call('logs', { seq: 0, chunk: b64('a'), step_id: 0 })).status).toBe(202);
    expect((await call('logs', { seq: 0, chunk: b64('b'), step_id: second })).status).toBe(202);
    expect((await call('logs', { seq: 1, chunk: b64('c'), step_id: null })).status).toBe(202);
    expect([chunks(first), chunks(second)]).toEqual([['a', 'c'], ['b']]);
  });

  it('accepts a resent (step, seq) with 202 and stores nothing new', async () => {
    const { w, call, chunks, first } = await claimedWorld();
    await call('logs', { seq: 0, chunk: b64('original') });
    const again = await call('logs', { seq: 0, chunk: b64('changed') });
    expect(again.status).toBe(202);
    expect(again.json.next_token).toEqual(expect.any(String));
    expect(chunks(first)).toEqual(['original']);
    expect(w.metrics.counter('log_chunks_total')).toBe(1);
  });

  it.each([
    ['a chunk that is not base64', { seq: 0, chunk: 'not base64!' }, 'chunk must be base64'],
    ['an empty chunk', { seq: 0, chunk: '' }, 'chunk must decode to between 1 and 524288 bytes'],
    ['a negative seq', { seq: -1, chunk: b64('x') }, 'field "seq" is invalid: expected >=0'],
    ['a seq past int32', { seq: 2 ** 31, chunk: b64('x') }, 'field "seq" is invalid: expected <=2147483647'],
    ['no seq', { chunk: b64('x') }, 'field "seq" is required'],
    [
      'a string step id',
      { seq: 0, chunk: b64('x'), step_id: '1' },
      'field "step_id" is invalid: expected number',
    ],
  ])('answers 400 for %s', async (_name, body, error) => {
    const { call, state } = await claimedWorld();
    const res = await call('logs', body);
    expect(res.status).toBe(400);
    expect(res.json.error).toBe(error);
    expect(state.tables.logChunks).toEqual([]);
  });

  it('accepts 512 KiB and refuses one byte more', async () => {
    const { call } = await claimedWorld();
    const max = Buffer.alloc(512 * 1024, 0x61);
    expect((await call('logs', { seq: 0, chunk: max.toString('base64') })).status).toBe(202);
    const over = Buffer.alloc(512 * 1024 + 1, 0x61).toString('base64');
    expect((await call('logs', { seq: 1, chunk: over })).status).toBe(400);
  });
});

describe('POST /jobs/{id}/steps/{step_id}/status', () => {
  it('answers {status, conclusion, next_token…} and stores the runner’s times', async () => {
    const { w, call, first } = await claimedWorld();
    const started = await call(`steps/${first}/status`, {
      status: 'running',
      started_at: '2025-12-31T23:59:59.123456789Z',
    });
    expect(started).toEqual({
      status: 200,
      json: {
        status: 'running',
        conclusion: null,
        next_token: expect.any(String),
        next_token_expires_at: expect.any(String),
      },
    });
    const done = await call(`steps/${first}/status`, { status: 'completed', conclusion: 'success' });
    expect(done.json).toMatchObject({
      status: 'completed',
      conclusion: 'success',
      next_token: expect.any(String),
    });
    const [step] = await w.deps.runs.listSteps([(await w.deps.runs.getJob(1))!.id]);
    expect(step).toMatchObject({
      startedAt: new Date('2025-12-31T23:59:59.123Z'),
      completedAt: w.clock.now(),
    });
    expect(w.metrics.counter('steps_completed_total', { step_type: 'run', conclusion: 'success' })).toBe(1);
  });

  it('counts the first timed_out conclusion of a step once', async () => {
    const { w, call, first } = await claimedWorld();
    await call(`steps/${first}/status`, { status: 'completed', conclusion: 'timed_out' });
    await call(`steps/${first}/status`, { status: 'completed', conclusion: 'timed_out' });
    expect(w.metrics.counter('step_timeouts_total')).toBe(1);
    expect(w.metrics.counter('steps_completed_total', { step_type: 'run', conclusion: 'timed_out' })).toBe(1);
  });

  it.each([
    ['an unknown status', { status: 'done' }, 400, 'step.invalid_status'],
    ['a terminal status without conclusion', { status: 'completed' }, 400, 'step.conclusion_required'],
    ['an unknown conclusion', { status: 'completed', conclusion: 'stale' }, 400, 'step.invalid_conclusion'],
    ['a bad time', { status: 'running', started_at: 'now' }, 400, 'request.invalid_time'],
    ['an unknown field', { status: 'running', exit_code: 0 }, 400, 'request.invalid_body'],
  ])('answers %s with %i', async (_name, body, status, code) => {
    const { call, first } = await claimedWorld();
    const res = await call(`steps/${first}/status`, body);
    expect([res.status, res.json.code]).toEqual([status, code]);
  });

  it('answers 404 for a step path that is not a positive id', async () => {
    const { call } = await claimedWorld();
    expect((await call('steps/0/status', { status: 'running' })).status).toBe(404);
  });
});

describe('POST /jobs/{id}/status', () => {
  it('answers a running report with a next token and no run fields', async () => {
    const { call } = await claimedWorld();
    const res = await call('status', { status: 'running' });
    expect(res.json).toEqual({
      status: 'running',
      conclusion: null,
      next_token: expect.any(String),
      next_token_expires_at: expect.any(String),
    });
  });

  it('cancels the open steps of a cancelled job and completes the run', async () => {
    const { w, call, run, first } = await claimedWorld();
    await call(`steps/${first}/status`, { status: 'running' });
    const res = await call('status', { status: 'cancelled' });
    expect(res.json).toEqual({
      status: 'cancelled',
      conclusion: 'cancelled',
      run_status: 'completed',
      run_conclusion: 'cancelled',
    });
    const steps = await w.deps.runs.listSteps([res.json && (await w.deps.runs.listJobs(run.id))[0]!.id]);
    expect(steps.map((s) => s.status)).toEqual(['cancelled', 'cancelled']);
    expect(w.metrics.counter('runs_completed_total', { event: 'push', conclusion: 'cancelled' })).toBe(1);
    expect(w.metrics.observed('run_duration_seconds')).toHaveLength(1);
  });

  it('refuses skipped for a job with 409', async () => {
    const { call } = await claimedWorld();
    const res = await call('status', { status: 'skipped' });
    expect([res.status, res.json.code]).toEqual([409, 'job.illegal_transition']);
  });
});

describe('POST /jobs/{id}/cancel-check', () => {
  it('answers false, then true once a cancel was requested', async () => {
    const { w, call, jobId } = await claimedWorld();
    expect((await call('cancel-check', {})).json).toMatchObject({
      cancelled: false,
      next_token: expect.any(String),
    });
    await w.deps.lifecycle.transaction(w.clock.now(), (ledger) =>
      ledger.updateJob(jobId, { cancelRequested: true, cancelRequestedAt: w.clock.now() }),
    );
    expect((await call('cancel-check', '')).json).toMatchObject({ cancelled: true });
  });

  it('answers 400 to a body with fields', async () => {
    const { call } = await claimedWorld();
    expect((await call('cancel-check', { x: 1 })).status).toBe(400);
  });
});
