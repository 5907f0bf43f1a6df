import { describe, expect, it } from 'vitest';
import { warnOfTokenExpiry } from '../../../src/domain/agent/token-expiry-warning.js';
import { RecordingLog } from '../../support/agent/fake-host.js';
import { FakeClock } from '../../support/fake-clock.js';

const DAY = 24 * 3600_000;

function world() {
  const clock = new FakeClock('2026-04-01T00:00:00.000Z');
  const log = new RecordingLog();
  const state = {};
  const beat = (expiresInMs: number | undefined) =>
    warnOfTokenExpiry(
      { log, clock },
      state,
      expiresInMs === undefined ? undefined : new Date(clock.now().getTime() + expiresInMs),
    );
  return { clock, log, beat };
}

describe('registration token expiry warning (issue #12 fix 8)', () => {
  it('warns once a token expires within 7 days, then at most once a day', async () => {
    const { clock, log, beat } = world();
    beat(8 * DAY);
    expect(log.lines).toEqual([]);
    beat(7 * DAY);
    expect(log.lines).toEqual([
      {
        level: 'warn',
        message: 'registration token expires soon: rotate it with shithubd admin runner rotate-token',
        fields: { expires_at: '2026-04-08T00:00:00.000Z', hours_left: 168 },
      },
    ]);
    clock.advance(DAY - 1);
    beat(6 * DAY);
    expect(log.lines).toHaveLength(1);
    clock.advance(1);
    beat(6 * DAY);
    expect(log.lines).toHaveLength(2);
  });

  it('never warns about a token that never expires or a server that does not say', () => {
    const { log, beat } = world();
    beat(undefined);
    expect(log.lines).toEqual([]);
  });
});
