/**
 * Records what a listener receives (wake-ups, a step's output …), so a test awaits the
 * arrival itself instead of sleeping. Every wait is bounded: an event that never comes
 * fails the test with a reason instead of hanging it.
 */
export class EventRecorder<T> {
  readonly events: T[] = [];
  private waiters: (() => void)[] = [];

  /** Subscribe this (or call it from a callback). */
  readonly listener = (event: T): void => {
    this.events.push(event);
    for (const check of this.waiters.splice(0)) check();
  };

  /** Resolves once `count` events have arrived (at once if they already have). */
  waitForCount(count: number, timeoutMs = 5000): Promise<void> {
    return this.waitUntil((events) => events.length >= count, `${count} event(s)`, timeoutMs);
  }

  /** Resolves with the first event `match` accepts, once one has arrived. */
  async waitFor(match: (event: T) => boolean, timeoutMs = 5000): Promise<T> {
    await this.waitUntil((events) => events.some(match), 'a matching event', timeoutMs);
    return this.events.find(match) as T;
  }

  /** Resolves once `done` holds for what has arrived; rechecked on every arrival. */
  waitUntil(done: (events: readonly T[]) => boolean, what: string, timeoutMs = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      const deadline = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`waited ${timeoutMs} ms for ${what}; ${this.events.length} event(s) arrived`));
      }, timeoutMs);
      const check = () => {
        if (!done(this.events)) return void this.waiters.push(check);
        clearTimeout(deadline);
        resolve();
      };
      check();
    });
  }
}
