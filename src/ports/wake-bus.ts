/**
 * What may have changed for waiting heartbeats (SPEC §7.1 long poll): `jobs` — claimable
 * work may exist (an enqueue, a finished job freeing capacity or unblocking `needs`);
 * `runsOn`, when given, lists the label sets of the new jobs so only runners that could
 * match them retry. `runner` — one runner changed: `undrained` makes it retry, `drained`
 * and `revoked` end its wait. `shutdown` is local only: this process is stopping.
 */
export type WakeEvent =
  | { kind: 'jobs'; runsOn?: string[][] }
  | { kind: 'runner'; runnerId: number; change: 'undrained' | 'drained' | 'revoked' }
  | { kind: 'shutdown' };

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
