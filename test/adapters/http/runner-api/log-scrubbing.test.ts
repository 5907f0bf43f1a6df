/** Server-side scrubbing of stored chunks with the claim-time masks (SPEC §11, §12). */
import { describe, expect, it } from 'vitest';
import { MemoryState } from '../../../../src/adapters/memory/state.js';
import type { PlannedRun } from '../../../../src/ports/model/run.js';
import { b64, type ClaimJson, makeRunnerApiWorld, memoryStores } from './runner-api-world.js';

const SECRET = 'p4ss-w0rd-for-prod';

async function scrubWorld(secret: string | null = SECRET, extra: Partial<PlannedRun> = {}) {
  const state = new MemoryState();
  const w = makeRunnerApiWorld(memoryStores(state));
  const runner = await w.runner();
  const repo = await w.repo();
  if (secret !== null) await w.secret(repo.id, 'PROD_PASSWORD', secret);
  await w.enqueue(repo.id, extra);
  const claim = (await (await w.heartbeat(runner.token)).json()) as ClaimJson;
  const jobId = claim.job.id;
  const [first, second] = claim.job.steps.map((s) => s.id) as [number, number];
  let token = claim.token;
  const call = async (route: string, body: unknown) => {
    const res = await w.post(`/api/v1/jobs/${jobId}/${route}`, body, token);
    const json = await res.json();
    if (json.next_token) token = json.next_token;
    return { status: res.status, json };
  };
  const log = (seq: number, text: string, stepId = first) =>
    call('logs', { seq, chunk: b64(text), step_id: stepId });
  /** The step's stored chunks, in seq order, as text. */
  const stored = (stepId = first) =>
    state.tables.logChunks
      .filter((c) => c.stepId === stepId)
      .sort((a, b) => a.seq - b.seq)
      .map((c) => Buffer.from(c.chunk).toString('utf8'));
  return { w, state, repo, claim, jobId, first, second, call, log, stored };
}

describe('server-side scrubbing', () => {
  it('masks a secret split across two chunks of one step in what it stores', async () => {
    const { w, log, stored } = await scrubWorld();
    await log(0, `login with ${SECRET.slice(0, 7)}`);
    expect(stored()).toEqual(['login with ']);
    await log(1, `${SECRET.slice(7)} ok\n`);
    expect(stored()).toEqual(['login with ', '*** ok\n']);
    expect(stored().join('')).not.toContain(SECRET.slice(0, 4));
    expect(w.metrics.counter('log_scrub_replacements_total', { location: 'server' })).toBe(1);
  });

  it('flushes a held-back tail when the step completes', async () => {
    const { log, call, stored, first } = await scrubWorld();
    await log(0, 'almost p4ss');
    expect(stored()).toEqual(['almost ']);
    await call(`steps/${first}/status`, { status: 'completed', conclusion: 'success' });
    expect(stored()).toEqual(['almost p4ss']);
  });

  it('flushes every step’s tail when the job completes', async () => {
    const { log, call, stored, state, first, second } = await scrubWorld();
    await log(0, 'one p4s', first);
    await log(0, 'two p4ss-w0', second);
    await call('status', { status: 'completed', conclusion: 'failure' });
    expect([stored(first), stored(second)]).toEqual([['one p4s'], ['two p4ss-w0']]);
    expect(state.tables.logCarries.size).toBe(0);
  });

  it('masks each line of a multi-line secret and the base64 form of the value', async () => {
    const key = '-----BEGIN KEY-----\nMIIEabcdefgh\n-----END KEY-----';
    const { log, stored } = await scrubWorld(key);
    await log(0, `MIIEabcdefgh\n${Buffer.from(key).toString('base64')}\ndone\n`);
    expect(stored().join('')).toBe('***\n***\ndone\n');
  });

  it('keeps masking with the claim-time values after the secret changed', async () => {
    const { w, repo, log, stored } = await scrubWorld();
    await w.secret(repo.id, 'PROD_PASSWORD', 'the-new-password');
    await log(0, `${SECRET} the-new-password\n`);
    expect(stored()).toEqual(['*** the-new-password\n']);
  });

  it('falls back to the run’s current secrets for a job claimed without a snapshot', async () => {
    const { state, jobId, log, stored } = await scrubWorld();
    state.tables.jobSecretMasks.delete(jobId);
    await log(0, `x ${SECRET} y\n`);
    expect(stored()).toEqual(['x *** y\n']);
  });

  it('stores pull_request logs as sent: such runs hold no secrets to mask', async () => {
    const { log, stored, claim } = await scrubWorld(SECRET, { event: 'pull_request' });
    expect(claim.job.mask_values).toBeNull();
    await log(0, `${SECRET}\n`);
    expect(stored()).toEqual([`${SECRET}\n`]);
  });

  it('never writes the secret or its prefix to the chunk table, whatever the split', async () => {
    const text = `before ${SECRET} after\n`;
    for (let cut = 1; cut < text.length; cut++) {
      const { log, call, stored, first } = await scrubWorld();
      await log(0, text.slice(0, cut));
      expect(stored().join('')).not.toContain(SECRET.slice(0, 4));
      await log(1, text.slice(cut));
      await call(`steps/${first}/status`, { status: 'completed', conclusion: 'success' });
      expect(stored().join('')).toBe('before *** after\n');
    }
  });
});
