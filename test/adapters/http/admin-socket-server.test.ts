/**
 * The admin socket's one route, without a socket: calls are checked against the admin command
 * table before they run, and every refusal is `{error, code, kind}` with the status of its kind.
 */
import { describe, expect, it } from 'vitest';
import { createAdminSocketApp } from '../../../src/adapters/http/admin-socket-server.js';
import type { ShithubAdminApi } from '../../../src/apps/shithubd/admin/admin-commands.js';
import { readAdminCall } from '../../../src/apps/shithubd/admin/admin-commands.js';
import { DirectAdminApi } from '../../../src/apps/shithubd/admin/direct-admin-api.js';
import { makeMemoryDeps } from '../../support/memory-deps.js';

function socketApp(api: ShithubAdminApi = new DirectAdminApi(makeMemoryDeps())) {
  const logged: Record<string, unknown>[] = [];
  const app = createAdminSocketApp(api, readAdminCall, { error: (fields) => logged.push(fields) });
  const call = async (body: unknown) => {
    const res = await app.request('/admin/call', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return { call, logged };
}

describe('admin socket', () => {
  it('runs a call whose input its schema accepts, numbers as JSON numbers', async () => {
    const { call } = socketApp();
    const res = await call({ command: 'runner.register', input: { name: 'r1', capacity: 2 } });
    expect(res.status).toBe(200);
    expect(res.body.result).toMatchObject({ id: 1, name: 'r1', capacity: 2 });
  });

  it('takes flag text as the CLI sends it', async () => {
    const { call } = socketApp();
    await call({ command: 'runner.register', input: { name: 'r1' } });
    const res = await call({ command: 'runner.drain', input: { id: '1', reason: 'kernel update' } });
    expect(res).toMatchObject({ status: 200, body: { result: { id: 1, drain_reason: 'kernel update' } } });
  });

  it.each([
    [
      'a bad id',
      { command: 'runner.drain', input: { id: 'abc' } },
      "--id must be a positive integer, not 'abc'",
    ],
    ['a missing field', { command: 'runner.drain', input: {} }, '--id is required'],
    [
      'a field of the wrong type',
      { command: 'runner.register', input: { name: 7 } },
      '--name must be a string',
    ],
    [
      'a bad duration',
      { command: 'runner.cleanup_stale', input: { older_than: 'soon' } },
      "--older-than: invalid duration 'soon' (use forms like 30s, 2m, 24h, 1h30m)",
    ],
    [
      'a broken rule across fields',
      { command: 'secret.list', input: { repo: 'a/r', org: 'o' } },
      'give exactly one of --repo or --org',
    ],
  ])('answers 400 invalid for %s, with the message the CLI prints', async (_name, body, error) => {
    const res = await socketApp().call(body);
    expect(res).toEqual({ status: 400, body: { error, code: 'admin.input_invalid', kind: 'invalid' } });
  });

  it('answers 400 for an unknown command', async () => {
    const res = await socketApp().call({ command: 'runner.explode', input: {} });
    expect(res).toEqual({
      status: 400,
      body: {
        error: "unknown admin command 'runner.explode'",
        code: 'admin.unknown_command',
        kind: 'invalid',
      },
    });
  });

  it.each([
    ['not JSON', '{', 'body must be JSON'],
    ['without an input object', { command: 'runner.list', input: [] }, 'body must be {command, input}'],
    ['without a command name', { input: {} }, 'body must be {command, input}'],
  ])('answers 400 for a body %s', async (_name, body, error) => {
    const res = await socketApp().call(body);
    expect(res).toEqual({ status: 400, body: { error, code: 'admin.invalid_body', kind: 'invalid' } });
  });

  it("answers a domain refusal with its kind's status", async () => {
    const res = await socketApp().call({ command: 'runner.drain', input: { id: 7 } });
    expect(res).toEqual({
      status: 404,
      body: { error: 'runner 7 not found', code: 'runner.not_found', kind: 'not_found' },
    });
  });

  it('answers an unexpected failure 500 with its first line, logged once', async () => {
    const failing: ShithubAdminApi = {
      call: async () => {
        throw new Error('disk on fire\nstack details');
      },
      close: async () => {},
    };
    const { call, logged } = socketApp(failing);
    const res = await call({ command: 'runner.list', input: {} });
    expect(res).toEqual({ status: 500, body: { error: 'disk on fire', code: 'internal', kind: 'internal' } });
    expect(logged).toHaveLength(1);
  });
});
