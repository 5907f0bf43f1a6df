/** A rate limit's token bucket as stored: tokens left as of `atMs` (epoch milliseconds). */
export interface RateBucket {
  tokens: number;
  atMs: number;
}

/**
 * The heartbeat rate limit's per-runner buckets, shared by every replica of the server
 * (issue #12 fix 6): a runner that spreads its heartbeats over several replicas still gets
 * `actions.heartbeat_rate_per_minute`, not that times the replicas.
 */
export interface RateBuckets {
  /**
   * Atomically reads runner `runnerId`'s bucket (undefined when it has none yet), stores the
   * bucket `decide` returns and returns its `result`. Concurrent updates of one runner's
   * bucket, from this process or another replica, are serialised (PostgreSQL: the row
   * lock), so no update is lost. `decide` is pure and may run more than once.
   */
  update<T>(
    runnerId: number,
    decide: (bucket: RateBucket | undefined) => { bucket: RateBucket; result: T },
  ): Promise<T>;
}
