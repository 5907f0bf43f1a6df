/** The parent side of runner-pool-child.ts: start the pool, ask for counts, stop it and get the records. */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { PoolConfig, PoolRecords, PoolStats } from './runner-pool-child.js';

const CHILD = resolve(import.meta.dirname, 'runner-pool-child.ts');

export interface RunnerPool {
  pid: number;
  stats(): Promise<PoolStats>;
  /** Stops claiming, waits for the running jobs, returns what the wire said. */
  stop(): Promise<PoolRecords>;
}

export async function startRunnerPool(config: PoolConfig): Promise<RunnerPool> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, POOL_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiters = new Map<string, (value: unknown) => void>();
  child.on('message', (message: { kind: string; value: unknown }) => {
    waiters.get(message.kind)?.(message.value);
    waiters.delete(message.kind);
  });
  const wait = <T>(kind: string, send?: string) =>
    new Promise<T>((resolveValue, reject) => {
      const onExit = (code: number | null) => reject(new Error(`runner pool exited with ${code}`));
      child.once('exit', onExit);
      waiters.set(kind, (value) => {
        child.off('exit', onExit);
        resolveValue(value as T);
      });
      if (send) child.send({ kind: send });
    });
  // A bench that dies must not leave the pool running.
  process.once('exit', () => child.kill('SIGKILL'));
  await wait('ready');
  return {
    pid: child.pid ?? 0,
    stats: () => wait<PoolStats>('stats', 'stats'),
    stop: () => wait<PoolRecords>('records', 'stop'),
  };
}
