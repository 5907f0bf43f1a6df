import type { WakeBus, WakeEvent } from '../../ports/wake-bus.js';

/**
 * `WakeBus` within one process: a set of listeners called synchronously on `publish`.
 * Enough for one server (the embedded default); replicas need the PostgreSQL bus.
 */
export class InProcessWakeBus implements WakeBus {
  private readonly listeners = new Set<(event: WakeEvent) => void>();
  private closed = false;

  async publish(event: WakeEvent): Promise<void> {
    if (!this.closed) deliverTo(this.listeners, event);
  }

  subscribe(listener: (event: WakeEvent) => void): () => void {
    if (this.closed) {
      queueMicrotask(() => listener({ kind: 'shutdown' }));
      return () => {};
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    deliverTo(this.listeners, { kind: 'shutdown' });
    this.listeners.clear();
  }
}

/** Calls each listener; one that throws does not keep the event from the others. */
export function deliverTo(listeners: Iterable<(event: WakeEvent) => void>, event: WakeEvent): void {
  for (const listener of [...listeners]) {
    try {
      listener(event);
    } catch {
      // A waiter's failure is its own request's business; the bus keeps delivering.
    }
  }
}
