import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessWakeBus } from '../../src/adapters/memory/wake-bus.js';
import { PgWakeBus, parseNotification, WAKE_CHANNEL } from '../../src/adapters/postgres/wake-bus.js';
import type { WakeEvent } from '../../src/ports/wake-bus.js';
import { describePostgres, POSTGRES_SKIP_NOTE, TEST_DATABASE_URL } from '../support/databases.js';
import { describeWakeBusContract, eventually } from './wake-bus.contract.js';

describeWakeBusContract('in-process', async () => new InProcessWakeBus());

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

  describeWakeBusContract('PostgreSQL', () => PgWakeBus.open(url));

  it('carries an event to the other replica once and not back to its sender twice', async () => {
    const [a, b] = [await PgWakeBus.open(url), await PgWakeBus.open(url)];
    try {
      const atA: WakeEvent[] = [];
      const atB: WakeEvent[] = [];
      a.subscribe((e) => atA.push(e));
      b.subscribe((e) => atB.push(e));
      await a.publish({ kind: 'runner', runnerId: 9, change: 'undrained' });
      await eventually(() => atB.length === 1);
      await new Promise((r) => setTimeout(r, 100));
      expect(atA).toEqual([{ kind: 'runner', runnerId: 9, change: 'undrained' }]);
      expect(atB).toEqual([{ kind: 'runner', runnerId: 9, change: 'undrained' }]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('sends a plain wake-up when the label sets would not fit in a notification', async () => {
    const [a, b] = [await PgWakeBus.open(url), await PgWakeBus.open(url)];
    try {
      const atB: WakeEvent[] = [];
      b.subscribe((e) => atB.push(e));
      const runsOn = Array.from({ length: 500 }, (_, i) => [`label-number-${i}`]);
      await a.publish({ kind: 'jobs', runsOn });
      await eventually(() => atB.length === 1);
      expect(atB).toEqual([{ kind: 'jobs' }]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('ignores notifications on its channel that it cannot read', async () => {
    const bus = await PgWakeBus.open(url);
    const sender = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const seen: WakeEvent[] = [];
      bus.subscribe((e) => seen.push(e));
      await sender.notify(WAKE_CHANNEL, 'not json');
      await sender.notify(WAKE_CHANNEL, JSON.stringify({ origin: 'x', event: { kind: 'jobs' } }));
      await eventually(() => seen.length === 1);
      expect(seen).toEqual([{ kind: 'jobs' }]);
    } finally {
      await bus.close();
      await sender.end({ timeout: 5 });
    }
  });
});
