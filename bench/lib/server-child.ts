/**
 * `shithubd serve` for benchmarks in its own process: configured from the JSON in
 * BENCH_SERVER_ENV, it sends `{kind: 'url'}` once listening, answers `memory` and `cpu` with
 * `process.memoryUsage()` / `process.cpuUsage()` and stops cleanly on `close` (so `--cpu-prof` writes its profile).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../src/apps/shithubd/serve.js';
import { configFrom } from './world.js';

const env = JSON.parse(process.env.BENCH_SERVER_ENV ?? '{}') as Record<string, string>;
const dir = mkdtempSync(join(tmpdir(), 'shithub-bench-child-'));
const server = await startServer(configFrom(env, dir));
const send = (kind: string, value: unknown) => process.send?.({ kind, value });
send('url', server.url);

process.on('message', async (message: { kind: string }) => {
  if (message.kind === 'memory') send('memory', process.memoryUsage());
  if (message.kind === 'cpu') send('cpu', process.cpuUsage());
  if (message.kind === 'close') {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    process.disconnect?.();
    process.exit(0);
  }
});
process.on('disconnect', () => {
  // The bench died without saying goodbye: do not linger.
  void server.close().finally(() => process.exit(0));
});
