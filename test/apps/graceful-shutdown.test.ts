/**
 * `serve` shutting down (issue #12 fix 3): new connections are refused at once, a parked
 * long poll answers 204, and a request already in flight finishes with its real answer —
 * the database is still open for it — before the pool closes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAdminApi } from '../../src/apps/shithubd/admin/open-admin-api.js';
import { loadServerConfig, type ServerConfig } from '../../src/apps/shithubd/config.js';
import { type RunningServer, startServer } from '../../src/apps/shithubd/serve.js';
import { seedEmbeddedDatabase } from '../support/pglite-snapshot.js';

const KEY = Buffer.alloc(32, 9).toString('base64');

/** Holds requests to `/readyz?hold` until `release()`; counts those it holds. */
function holdingSeam() {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let held = 0;
  let onHeld: () => void = () => {};
  const firstHeld = new Promise<void>((resolve) => {
    onHeld = resolve;
  });
  const wrap =
    (fetch: (r: Request) => Response | Promise<Response>) =>
    async (request: Request): Promise<Response> => {
      if (new URL(request.url).search === '?hold') {
        held += 1;
        onHeld();
        await released;
      }
      return fetch(request);
    };
  return { wrap, release: () => release(), firstHeld, held: () => held };
}

const refused = (url: string) =>
  new Promise<string>((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
  });

describe('serve shutting down gracefully', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shithub-shutdown-'));
  let config: ServerConfig;
  let server: RunningServer;
  const seam = holdingSeam();
  let token = '';

  beforeAll(async () => {
    const env = {
      SHITHUB_LOG__LEVEL: 'silent',
      SHITHUB_TOTP_KEY: KEY,
      SHITHUB_SERVER__SHUTDOWN_GRACE: '10s',
    };
    config = loadServerConfig({ env, cwd: dir, dataDirFlag: dir, listenFlag: '127.0.0.1:0' });
    await seedEmbeddedDatabase(dir);
    server = await startServer(config, { wrapFetch: seam.wrap });
    const admin = await openAdminApi(config);
    try {
      const reg = (await admin.call('runner.register', { name: 'r1', labels: 'never-matches' })) as {
        token: string;
      };
      token = reg.token;
    } finally {
      await admin.close();
    }
  }, 90_000);

  afterAll(async () => {
    seam.release();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes the in-flight request, answers the long poll 204 and refuses new connections', async () => {
    const longPoll = fetch(`${server.url}/api/v1/runners/heartbeat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ wait_seconds: 50 }),
    });
    const slow = fetch(`${server.url}/readyz?hold`);
    await seam.firstHeld;
    await new Promise((r) => setTimeout(r, 200)); // the long poll is parked by now
    const startedAt = performance.now();
    const closed = server.close();
    const poll = await longPoll;
    expect(poll.status).toBe(204);
    expect(performance.now() - startedAt).toBeLessThan(5_000);
    expect(await refused(server.url)).toBe('ECONNREFUSED');
    seam.release();
    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ status: 'ready' });
    await closed;
    expect(seam.held()).toBe(1);
  }, 30_000);
});
