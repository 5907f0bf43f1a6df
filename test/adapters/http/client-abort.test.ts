/**
 * A client that disconnects mid-body (issue #12, hostile-input probe) is an `info` event,
 * not an `error` "unhandled error": on the API's error handler and on the UI's.
 */
import type { Server } from 'node:http';
import { connect } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { type ErrorLogger, errorHandler } from '../../../src/adapters/http/errors.js';
import { pageErrorHandler } from '../../../src/adapters/http/ui/errors.js';
import { EventRecorder } from '../../support/event-recorder.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

function recordingLogger() {
  const events = new EventRecorder<{ level: string; message: string }>();
  const logger: ErrorLogger = {
    error: (_fields, message) => events.listener({ level: 'error', message }),
    info: (_fields, message) => events.listener({ level: 'info', message }),
  };
  return { logger, events };
}

/** Serves `app`, sends half a JSON body, then drops the connection. */
async function abortMidBody(app: Hono): Promise<void> {
  server = createAdaptorServer({ fetch: app.fetch }) as Server;
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        'POST /x HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":',
      );
      setTimeout(() => {
        socket.destroy();
        resolve();
      }, 100);
    });
  });
}

describe('a client that aborts mid-body', () => {
  it.each([
    ['the API', (logger: ErrorLogger) => errorHandler(logger)],
    ['the web UI', (logger: ErrorLogger) => pageErrorHandler(logger)],
  ] as const)('is logged at info by %s, never as an unhandled error', async (_name, handler) => {
    const { logger, events } = recordingLogger();
    const app = new Hono();
    app.onError(handler(logger));
    app.post('/x', async (c) => c.json({ length: (await c.req.text()).length }));
    await abortMidBody(app);
    await events.waitUntil((all) => all.length > 0, 'the abort to be logged');
    expect(events.events).toEqual([{ level: 'info', message: 'client went away mid-request' }]);
  });
});
