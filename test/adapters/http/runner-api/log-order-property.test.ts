/**
 * Issue #12 (hostile-input probe): log chunks that arrive out of seq order must not bypass
 * the cross-chunk carry. Property: whatever the cuts and the order the chunks are sent in,
 * at no moment do the stored chunks (in seq order) hold a secret, and once the step ends
 * they are exactly the whole text scrubbed in one go.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryState } from '../../../../src/adapters/memory/state.js';
import { buildMaskSet } from '../../../../src/domain/logs/mask-set.js';
import { scrubText } from '../../../../src/domain/logs/scrubber.js';
import { type ClaimJson, makeRunnerApiWorld, memoryStores } from './runner-api-world.js';

const SECRETS = ['hunter2-correct', 'horse-battery'];

const caseArb = fc
  .record({
    pieces: fc.array(fc.oneof(fc.constantFrom(...SECRETS), fc.string({ maxLength: 12 })), {
      minLength: 1,
      maxLength: 10,
    }),
    cuts: fc.uniqueArray(fc.nat(), { minLength: 1, maxLength: 7 }),
    seed: fc.nat(),
  })
  .map(({ pieces, cuts, seed }) => {
    const text = pieces.join('');
    const bytes = Buffer.from(text);
    const points = [...new Set(cuts.map((c) => 1 + (c % Math.max(1, bytes.length - 1))))]
      .filter((p) => p < bytes.length)
      .sort((a, b) => a - b);
    const chunks = [0, ...points].map((from, i) => bytes.subarray(from, [...points, bytes.length][i]));
    const order = chunks.map((_, i) => i);
    for (let i = order.length - 1, s = seed; i > 0; i--, s = (s * 1103515245 + 12345) % 2 ** 31) {
      const j = s % (i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    return { text, chunks, order };
  })
  .filter(({ chunks }) => chunks.every((c) => c.length > 0));

describe('log chunks sent in any order', () => {
  it('never store a secret and end as the whole text scrubbed in one go', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ text, chunks, order }) => {
        const state = new MemoryState();
        const w = makeRunnerApiWorld(memoryStores(state));
        const runner = await w.runner();
        const repo = await w.repo();
        for (const [i, secret] of SECRETS.entries()) await w.secret(repo.id, `S${i}`, secret);
        await w.enqueue(repo.id);
        const claim = (await (await w.heartbeat(runner.token)).json()) as ClaimJson;
        const stepId = claim.job.steps[0]!.id;
        let token = claim.token;
        const send = async (path: string, init: RequestInit) => {
          const res = await w.app.request(`/api/v1/jobs/${claim.job.id}/${path}`, {
            method: 'POST',
            ...init,
            headers: { authorization: `Bearer ${token}`, ...init.headers },
          });
          const json = (await res.json()) as { next_token?: string };
          if (json.next_token) token = json.next_token;
          return res.status;
        };
        const stored = () =>
          Buffer.concat(
            state.tables.logChunks
              .filter((c) => c.stepId === stepId)
              .sort((a, b) => a.seq - b.seq)
              .map((c) => c.chunk),
          ).toString();
        for (const seq of order) {
          const body = JSON.stringify({ seq, chunk: chunks[seq]!.toString('base64'), step_id: stepId });
          expect(await send('logs', { headers: { 'content-type': 'application/json' }, body })).toBe(202);
          for (const secret of SECRETS) expect(stored()).not.toContain(secret);
        }
        const done = JSON.stringify({ status: 'completed', conclusion: 'success' });
        expect(
          await send(`steps/${stepId}/status`, {
            headers: { 'content-type': 'application/json' },
            body: done,
          }),
        ).toBe(200);
        expect(stored()).toBe(scrubText(text, buildMaskSet(SECRETS)).output);
        expect(w.errors).toEqual([]);
      }),
      { numRuns: 80 },
    );
  });
});
