import type { Clock } from '../../ports/clock.js';

/** Wall-clock time. */
export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}
