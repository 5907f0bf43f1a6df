/** When `serve` runs the retention sweep by itself (SPEC §16): daily at 03:30 UTC. */

/** Minutes after midnight UTC of the daily sweep (03:30, after the 03:17 backup window). */
export const SWEEP_MINUTE_UTC = 3 * 60 + 30;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The latest 03:30 UTC at or before `now`. */
export function lastSweepSlot(now: Date): Date {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const slot = midnight + SWEEP_MINUTE_UTC * 60_000;
  return new Date(slot <= now.getTime() ? slot : slot - DAY_MS);
}

/**
 * True when a 03:30 UTC slot fell after `previousCheck` and at or before `now`: the loop
 * checks every minute and sweeps once per slot it crosses. A process that was not running
 * at 03:30 does not catch up later that day (the next slot is tomorrow's).
 */
export function isSweepDue(previousCheck: Date, now: Date): boolean {
  return lastSweepSlot(now).getTime() > previousCheck.getTime();
}
