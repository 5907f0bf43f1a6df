/** `schedule:` crons: five POSIX fields, evaluated in UTC (SPEC §6). */
import { Cron } from 'croner';

/** The same cron written with single spaces, for comparing a fired schedule with the file. */
export function normaliseCron(expression: string): string {
  return expression.trim().split(/\s+/).join(' ');
}

// Day-of-month and weekday combine with OR, as in POSIX cron and on GitHub. Without a
// callback croner starts no timer: it is used here only to parse and to compute times.
function makeCron(expression: string): Cron {
  return new Cron(normaliseCron(expression), {
    timezone: 'UTC',
    mode: '5-part',
    domAndDow: false,
    paused: true,
  });
}

/** Why a cron expression is refused, or null when it is a valid five-field cron. */
export function cronError(expression: string): string | null {
  const fields = normaliseCron(expression).split(' ');
  if (fields.length !== 5) return `cron '${expression}' must have 5 fields (minute hour day month weekday)`;
  try {
    makeCron(expression);
    return null;
  } catch (err) {
    const detail = err instanceof Error ? err.message.replace(/^CronPattern: /, '') : 'invalid';
    return `cron '${expression}' is invalid: ${detail}`;
  }
}

/** The first time strictly after `after` at which the cron fires (UTC); null when invalid or never. */
export function nextCronFire(expression: string, after: Date): Date | null {
  if (cronError(expression) !== null) return null;
  return makeCron(expression).nextRun(after);
}

/** The latest time at or before `atOrBefore` at which the cron fires (UTC); null when invalid or never. */
export function previousCronFire(expression: string, atOrBefore: Date): Date | null {
  if (cronError(expression) !== null) return null;
  // croner answers runs strictly before its reference; 1 ms later makes `atOrBefore` itself count.
  return makeCron(expression).previousRuns(1, new Date(atOrBefore.getTime() + 1))[0] ?? null;
}
