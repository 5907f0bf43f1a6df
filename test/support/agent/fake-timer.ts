/** A `Timer` on a `FakeClock`: sleeps end only when the test advances the clock. */
import type { Timer } from '../../../src/ports/timer.js';
import type { FakeClock } from '../fake-clock.js';

interface Sleeper {
  due: number;
  seq: number;
  resolve: () => void;
}

const noop = () => undefined;

/** Lets every pending promise chain run (fakes answer within a few turns). */
export async function settle(turns = 10): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export class FakeTimer implements Timer {
  private sleepers: Sleeper[] = [];
  private seq = 0;

  constructor(readonly clock: FakeClock) {}

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted || ms <= 0) return void queueMicrotask(resolve);
      let onAbort = noop;
      const sleeper: Sleeper = {
        due: this.clock.now().getTime() + ms,
        seq: this.seq++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      onAbort = () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        resolve();
      };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** How many sleeps are pending. */
  pending(): number {
    return this.sleepers.length;
  }

  /** Moves the clock forward by `ms`, waking each sleeper at its own instant, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.clock.now().getTime() + ms;
    await settle();
    for (;;) {
      const due = this.sleepers
        .filter((s) => s.due <= target)
        .sort((a, b) => a.due - b.due || a.seq - b.seq)[0];
      if (!due) break;
      this.sleepers = this.sleepers.filter((s) => s !== due);
      if (due.due > this.clock.now().getTime()) this.clock.set(new Date(due.due));
      due.resolve();
      await settle();
    }
    this.clock.set(new Date(target));
    await settle();
  }

  /** Advances in `stepMs` steps until `done()` holds; fails after `maxMs` of fake time. */
  async until(done: () => boolean, opts: { stepMs?: number; maxMs?: number } = {}): Promise<void> {
    const stepMs = opts.stepMs ?? 100;
    const maxMs = opts.maxMs ?? 10 * 60_000;
    await settle();
    for (let spent = 0; !done(); spent += stepMs) {
      if (spent > maxMs) throw new Error(`condition not reached within ${maxMs} ms of fake time`);
      await this.advance(stepMs);
    }
  }
}
