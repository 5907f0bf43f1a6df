/**
 * The database away (PostgreSQL restarting, a connection cut: bench/faults/pg-restart and
 * proxy-faults saw 500s) is answered 503 with `Retry-After` and logged at `warn` without a
 * stack, by the API's error handler and by the UI's; any other error stays a logged 500.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { type ErrorLogger, errorHandler } from '../../../src/adapters/http/errors.js';
import { pageErrorHandler } from '../../../src/adapters/http/ui/errors.js';
import { isDatabaseUnavailable } from '../../../src/adapters/postgres/unavailable.js';

function recordingLogger() {
  const events: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const logger: ErrorLogger = {
    error: (fields, message) => events.push({ level: 'error', message, fields }),
    warn: (fields, message) => events.push({ level: 'warn', message, fields }),
    info: (fields, message) => events.push({ level: 'info', message, fields }),
  };
  return { logger, events };
}

/** What Drizzle throws when postgres.js lost its connection mid-query. */
const closedMidQuery = () =>
  Object.assign(new Error('Failed query: select 1'), {
    cause: Object.assign(new Error('write CONNECTION_CLOSED 127.0.0.1:5432'), { code: 'CONNECTION_CLOSED' }),
  });

describe.each([
  ['the API', (logger: ErrorLogger) => errorHandler(logger, isDatabaseUnavailable)],
  ['the web UI', (logger: ErrorLogger) => pageErrorHandler(logger, isDatabaseUnavailable)],
] as const)('an outage answered by %s', (_name, handler) => {
  const appWith = (err: () => Error) => {
    const { logger, events } = recordingLogger();
    const app = new Hono();
    app.onError(handler(logger));
    app.get('/x', () => {
      throw err();
    });
    return { app, events };
  };

  it('is a 503 with Retry-After, logged at warn without a stack', async () => {
    const { app, events } = appWith(closedMidQuery);
    const res = await app.request('/x', { headers: { accept: 'application/json' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await res.json()).toEqual({
      error: 'the database is unavailable; retry shortly',
      code: 'database.unavailable',
    });
    expect(events.map((e) => [e.level, e.message])).toEqual([['warn', 'database unavailable: answered 503']]);
    expect(JSON.stringify(events[0]!.fields)).not.toContain('stack');
  });

  it('leaves any other error a logged 500', async () => {
    const { app, events } = appWith(() => new TypeError('x is not a function'));
    const res = await app.request('/x', { headers: { accept: 'application/json' } });
    expect(res.status).toBe(500);
    expect(events.map((e) => [e.level, e.message])).toEqual([['error', 'unhandled error']]);
  });
});

it('shows a browser a 503 page for an outage', async () => {
  const { logger } = recordingLogger();
  const app = new Hono();
  app.onError(pageErrorHandler(logger, isDatabaseUnavailable));
  app.get('/x', () => {
    throw closedMidQuery();
  });
  const res = await app.request('/x', { headers: { accept: 'text/html' } });
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('2');
  expect(await res.text()).toContain('The server cannot reach its database. Try again shortly.');
});
