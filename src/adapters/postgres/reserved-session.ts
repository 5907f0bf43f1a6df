/**
 * A reserved postgres.js connection that knows when its backend has gone. postgres.js
 * 3.4.9 crashed the process when a statement was written to a reserved connection whose
 * socket closed (PostgreSQL restarted, the link was cut): porsager/postgres#1208, found by
 * bench/faults/pg-restart.ts. `scripts/patch-postgres.mjs` repairs that in the driver at
 * install time (such a statement now fails `CONNECTION_CLOSED`); what this wrapper still
 * adds is that a dead connection is never handed back: `release()` of it would give the
 * pool's next statement a `CONNECTION_CLOSED` too. So the session learns its connection
 * from the first statement (`onexecute`, as postgres.js's own `begin` does); once
 * postgres.js has marked it closed (it clears `reserved` on close) nothing more is sent on
 * it and it is not released: the pool reconnects it when it next needs it.
 */
import type postgres from 'postgres';

type Params = postgres.ParameterOrJSON<never>[];

export interface ReservedSession {
  /**
   * Sends a statement now (postgres.js queries are lazy: this one is queued at once, so
   * statements pipeline in call order). Rejects with `CONNECTION_CLOSED` without sending
   * when the connection is gone. The first statement must take no parameters (postgres.js
   * only reports the connection of a statement it pipelines).
   */
  send<T>(text: string, params?: readonly unknown[], opts?: { prepare?: boolean }): Promise<T[]>;
  /** False once the backend is gone. */
  alive(): boolean;
  /** Gives the connection back to the pool, unless it died. */
  release(): void;
}

interface Connection {
  reserved: unknown;
}

export async function reserveSession(sql: postgres.Sql): Promise<ReservedSession> {
  const conn = await sql.reserve();
  let connection: Connection | null = null;
  const onexecute = (c: Connection) => {
    connection ??= c;
    return true; // go on pipelining, as without the hook
  };
  const alive = () => connection === null || connection.reserved !== null;
  return {
    alive,
    send<T>(text: string, params: readonly unknown[] = [], opts: { prepare?: boolean } = {}): Promise<T[]> {
      if (!alive()) return Promise.reject(connectionClosed());
      const options = { ...opts, onexecute } as postgres.UnsafeQueryOptions;
      return conn.unsafe(text, params as Params, options).execute() as unknown as Promise<T[]>;
    },
    release() {
      if (alive()) conn.release();
    },
  };
}

/** The error postgres.js itself gives a statement on a closed connection. */
function connectionClosed(): Error {
  return Object.assign(new Error('write CONNECTION_CLOSED (the reserved connection is gone)'), {
    code: 'CONNECTION_CLOSED',
  });
}
