import type { RateBucket, RateBuckets } from '../../ports/rate-buckets.js';

/** `RateBuckets` in one process's memory: updates run synchronously, so they never interleave. */
export class MemoryRateBuckets implements RateBuckets {
  private readonly buckets = new Map<number, RateBucket>();

  async update<T>(
    runnerId: number,
    decide: (bucket: RateBucket | undefined) => { bucket: RateBucket; result: T },
  ): Promise<T> {
    const { bucket, result } = decide(this.buckets.get(runnerId));
    this.buckets.set(runnerId, bucket);
    return result;
  }
}
