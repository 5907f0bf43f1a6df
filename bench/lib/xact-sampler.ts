/**
 * Watches every client transaction of one database from outside: polls
 * `pg_stat_activity` on its own connection every `everyMs` and keeps, per transaction
 * (backend pid + `xact_start`), the longest age seen. A plain statement is a transaction
 * too, so long reads count as well. The resolution is the poll interval.
 */
import postgres from 'postgres';

export interface LongestTransaction {
  ms: number;
  query: string;
  /** Transactions seen. */
  seen: number;
}

export function sampleTransactions(url: string, everyMs = 5): { stop(): Promise<LongestTransaction> } {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const ages = new Map<string, { ms: number; query: string }>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const rows = await sql<{ pid: number; started: Date; ms: number; query: string }[]>`
        SELECT pid, xact_start AS started, extract(epoch FROM clock_timestamp() - xact_start) * 1000 AS ms, query
        FROM pg_stat_activity
        WHERE datname = current_database() AND backend_type = 'client backend'
          AND xact_start IS NOT NULL AND pid <> pg_backend_pid()`;
      for (const r of rows) {
        const key = `${r.pid}@${r.started.toISOString()}`;
        const ms = Number(r.ms);
        if (ms > (ages.get(key)?.ms ?? -1)) ages.set(key, { ms, query: r.query });
      }
      await new Promise((done) => setTimeout(done, everyMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      await sql.end({ timeout: 5 });
      let longest = { ms: 0, query: '' };
      for (const v of ages.values()) if (v.ms > longest.ms) longest = v;
      return { ...longest, seen: ages.size };
    },
  };
}
