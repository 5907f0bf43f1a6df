/**
 * What may have changed for waiting heartbeats (SPEC §7.1 long poll): `jobs` — claimable
 * work may exist (an enqueue, a finished job freeing capacity or unblocking `needs`);
 * `runsOn`, when given, lists the label sets of the new jobs so only runners that could
 * match them retry, and `counts[i]` (when given) how many new jobs request `runsOn[i]`, so
 * only that many waiting runners are woken. `runner` — one runner changed: `undrained`
 * makes it retry; `drained`, `revoked` and `rotated` (its earlier tokens revoked) end its
 * wait; each also drops what a replica cached about the runner. `shutdown` is local only:
 * this process is stopping.
 */
export type WakeEvent =
  | { kind: 'jobs'; runsOn?: string[][]; counts?: number[] }
  | { kind: 'runner'; runnerId: number; change: RunnerChange }
  | { kind: 'shutdown' };

/** A change to one runner that waiting heartbeats and caches must see. */
export type RunnerChange = 'undrained' | 'drained' | 'revoked' | 'rotated';

/**
 * Wake-ups for long-polling heartbeats, on this process and (PostgreSQL) every replica.
 * Best effort and never sticky: a lost wake-up only delays a claim until the runner's next
 * heartbeat, so correctness never depends on delivery.
 */
export interface WakeBus {
  /**
   * Delivers `event` to every subscriber of this process at once and, where the bus spans
   * replicas, to theirs (each at most once). Never throws for a delivery failure.
   */
  publish(event: WakeEvent): Promise<void>;

  /** Calls `listener` for every later event until the returned function is called. */
  subscribe(listener: (event: WakeEvent) => void): () => void;

  /** Delivers `shutdown` to every subscriber of this process, then stops; idempotent. */
  close(): Promise<void>;
}
