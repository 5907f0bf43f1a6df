/** What `ClusterLock.run` answers: the function's value, or that the lock was busy. */
export type LockOutcome<T> = { acquired: true; value: T } | { acquired: false };

/**
 * A named lock shared by every process on one database (SPEC §10.6): a PostgreSQL
 * session advisory lock between replicas, a mutex in the one process of the embedded
 * default. Used so that one replica at a time runs the retention sweep or drains the log
 * finalisation outbox. A holder that dies releases the lock (its session ends).
 */
export interface ClusterLock {
  /**
   * Runs `fn` while holding lock `id`. With `wait`, waits for the lock; without, answers
   * `{ acquired: false }` at once when another holder has it. The lock is released when
   * `fn` settles, whether it returns or throws (a throw passes through).
   */
  run<T>(id: number, fn: () => Promise<T>, opts?: { wait?: boolean }): Promise<LockOutcome<T>>;
}
