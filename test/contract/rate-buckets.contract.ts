import { describe, expect, it } from 'vitest';
import type { RateBuckets } from '../../src/ports/rate-buckets.js';

export interface RateBucketsWorld {
  buckets: RateBuckets;
  /** Two runners that exist (the PostgreSQL table refers to `workflow_runners`). */
  runnerIds: [number, number];
}

/** The RateBuckets contract: per-runner buckets, read and written atomically. */
export function describeRateBucketsContract(name: string, open: () => Promise<RateBucketsWorld>): void {
  describe(`RateBuckets contract: ${name}`, () => {
    it('hands the first update no bucket, and every later one the bucket stored last', async () => {
      const { buckets, runnerIds } = await open();
      const [a, b] = runnerIds;
      const seen: unknown[] = [];
      const store = (tokens: number) => (bucket: unknown) => {
        seen.push(bucket);
        return { bucket: { tokens, atMs: 1_000 + tokens * 2 }, result: tokens };
      };
      expect(await buckets.update(a, store(2.5))).toBe(2.5);
      await buckets.update(a, store(4));
      await buckets.update(b, store(9));
      expect(seen).toEqual([undefined, { tokens: 2.5, atMs: 1_005 }, undefined]);
    });

    it('loses no update when many run at once on one runner, its first one included', async () => {
      const { buckets, runnerIds } = await open();
      const bump = () =>
        buckets.update(runnerIds[0], (bucket) => ({
          bucket: { tokens: (bucket?.tokens ?? 0) + 1, atMs: 5 },
          result: null,
        }));
      await Promise.all(Array.from({ length: 20 }, bump));
      let final: number | undefined;
      await buckets.update(runnerIds[0], (bucket) => {
        final = bucket?.tokens;
        return { bucket: bucket!, result: null };
      });
      expect(final).toBe(20);
    });
  });
}
