import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessWakeBus } from '../../src/adapters/memory/wake-bus.js';
import { PgWakeBus, parseNotification, WAKE_CHANNEL } from '../../src/adapters/postgres/wake-bus.js';
import type { WakeEvent } from '../../src/ports/wake-bus.js';
import { describePostgres, POSTGRES_SKIP_NOTE, TEST_DATABASE_URL } from '../support/databases.js';
import { crossBarrier, describeWakeBusContract, isBarrier, record } from './wake-bus.contract.js';

describeWakeBusContract('in-process', async () => new InProcessWakeBus(), { spansReplicas: false });

describe('parseNotification', () => {
  it.each<[string, string, WakeEvent | undefined]>([
    [
      'a job wake-up',
      '{"origin":"a","event":{"kind":"jobs","runsOn":[["x"]]}}',
      { kind: 'jobs', runsOn: [['x']] },
    ],
    [
      'bad label sets as a plain wake-up',
      '{"origin":"a","event":{"kind":"jobs","runsOn":[1]}}',
      { kind: 'jobs' },
    ],
    [
      'a drain',
      '{"origin":"a","event":{"kind":"runner","runnerId":3,"change":"drained"}}',
      { kind: 'runner', runnerId: 3, change: 'drained' },
    ],
    ['an unknown change', '{"origin":"a","event":{"kind":"runner","runnerId":3,"change":"x"}}', undefined],
    ['a shutdown (local only)', '{"origin":"a","event":{"kind":"shutdown"}}', undefined],
    ['no origin', '{"event":{"kind":"jobs"}}', undefined],
    ['not JSON', 'wake up', undefined],
  ])('reads %s', (_name, payload, event) => {
    expect(parseNotification(payload)?.event).toEqual(event);
  });
});

describePostgres(`WakeBus on PostgreSQL LISTEN/NOTIFY${POSTGRES_SKIP_NOTE}`, () => {
  const name = `shithub_wake_${process.pid}_${Date.now().toString(36)}`;
  let url = '';
  let admin: postgres.Sql;

  beforeAll(async () => {
    admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE "${name}"`);
    const u = new URL(TEST_DATABASE_URL);
    u.pathname = `/${name}`;
    url = u.toString();
  });
  afterAll(async () => {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end({ timeout: 5 });
  });

  describeWakeBusContract('PostgreSQL', () => PgWakeBus.open(url), { spansReplicas: true });

  it('carries an event to the other replica once and not back to its sender twice', async () => {
    const [a, b, c] = [await PgWakeBus.open(url), await PgWakeBus.open(url), await PgWakeBus.open(url)];
    try {
      const atA = record(a);
      const atB = record(b);
      await a.publish({ kind: 'runner', runnerId: 9, change: 'undrained' });
      await atB.waitForCount(1);
      await crossBarrier(c, [a, b]);
      const real = (seen: WakeEvent[]) => seen.filter((e) => !isBarrier(e));
      expect(real(atA.events)).toEqual([{ kind: 'runner', runnerId: 9, change: 'undrained' }]);
      expect(real(atB.events)).toEqual([{ kind: 'runner', runnerId: 9, change: 'undrained' }]);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it('sends a plain wake-up when the label sets would not fit in a notification', async () => {
    const [a, b] = [await PgWakeBus.open(url), await PgWakeBus.open(url)];
    try {
      const atB = record(b);
      const runsOn = Array.from({ length: 500 }, (_, i) => [`label-number-${i}`]);
      await a.publish({ kind: 'jobs', runsOn });
      await atB.waitForCount(1);
      expect(atB.events).toEqual([{ kind: 'jobs' }]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('ignores notifications on its channel that it cannot read', async () => {
    const bus = await PgWakeBus.open(url);
    const sender = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const seen = record(bus);
      await sender.notify(WAKE_CHANNEL, 'not json');
      await sender.notify(WAKE_CHANNEL, JSON.stringify({ origin: 'x', event: { kind: 'jobs' } }));
      await seen.waitForCount(1);
      expect(seen.events).toEqual([{ kind: 'jobs' }]);
    } finally {
      await bus.close();
      await sender.end({ timeout: 5 });
    }
  });
});
