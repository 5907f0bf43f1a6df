import type { ClusterLock, LockOutcome } from '../../ports/cluster-lock.js';

/**
 * `ClusterLock` within one process: the embedded default, where PGlite has one process
 * and one session (an advisory lock there would be re-entrant, so it could not exclude).
 * Holders of one id run one after another; a caller that does not wait is refused while
 * anyone holds or waits for the id.
 */
export class InProcessClusterLock implements ClusterLock {
  private readonly queues = new Map<number, { tail: Promise<void>; count: number }>();

  async run<T>(id: number, fn: () => Promise<T>, opts: { wait?: boolean } = {}): Promise<LockOutcome<T>> {
    const queue = this.queues.get(id) ?? { tail: Promise.resolve(), count: 0 };
    if (queue.count > 0 && !opts.wait) return { acquired: false };
    let release = () => {};
    const previous = queue.tail;
    queue.tail = new Promise<void>((done) => {
      release = done;
    });
    queue.count++;
    this.queues.set(id, queue);
    await previous;
    try {
      return { acquired: true, value: await fn() };
    } finally {
      queue.count--;
      if (queue.count === 0) this.queues.delete(id);
      release();
    }
  }
}
