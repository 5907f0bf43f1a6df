/**
 * The admin socket (SPEC §18): `serve` answers admin commands on `<data_dir>/admin.sock`, a
 * unix socket with mode 0600 — file permissions are the authentication. One route:
 * `POST /admin/call` with `{command, input}` → `{result}` or `{error, code, kind}`.
 */
import { Hono } from 'hono';
import { isDomainError } from '../../domain/errors.js';
import type { AdminApi, AdminCall, AdminCommandMap } from '../../ports/admin-api.js';
import { type ErrorLogger, STATUS_BY_KIND } from './errors.js';

/**
 * Checks a call off the wire against the command table: a known command, and an input its
 * schema accepts. Throws an `invalid` DomainError (answered 400) otherwise.
 */
export type AdminCallReader<M extends AdminCommandMap> = (command: string, input: unknown) => AdminCall<M>;

export function createAdminSocketApp<M extends AdminCommandMap>(
  api: AdminApi<M>,
  readCall: AdminCallReader<M>,
  logger: ErrorLogger,
): Hono {
  const app = new Hono();
  app.get('/admin/ping', (c) => c.json({ ok: true, pid: process.pid }));
  app.post('/admin/call', async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: 'body must be JSON', code: 'admin.invalid_body', kind: 'invalid' }, 400);
    }
    const call = body as { command?: unknown; input?: unknown } | null;
    if (
      typeof call?.command !== 'string' ||
      typeof call.input !== 'object' ||
      call.input === null ||
      Array.isArray(call.input)
    ) {
      return c.json(
        { error: 'body must be {command, input}', code: 'admin.invalid_body', kind: 'invalid' },
        400,
      );
    }
    try {
      const checked = readCall(call.command, call.input);
      return c.json({ result: await api.call(checked.command, checked.input) });
    } catch (err) {
      if (isDomainError(err))
        return c.json({ error: err.message, code: err.code, kind: err.kind }, STATUS_BY_KIND[err.kind]);
      logger.error(
        { err: { message: (err as Error).message }, command: call.command },
        'admin command failed',
      );
      return c.json(
        { error: (err as Error).message.split('\n')[0], code: 'internal', kind: 'internal' },
        500,
      );
    }
  });
  return app;
}
