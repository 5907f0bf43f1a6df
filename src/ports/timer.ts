/** Waiting, for the runner's loops (the domain has no timers of its own). */
export interface Timer {
  /**
   * Resolves after `ms` milliseconds, or at once when `signal` is (or becomes) aborted.
   * Never rejects. `ms` ≤ 0 resolves on the next turn.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}
