import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import type { RunnerChange, WakeBus, WakeEvent } from '../../ports/wake-bus.js';

/** The NOTIFY channel every replica listens on. */
export const WAKE_CHANNEL = 'shithub_jobs';
/** NOTIFY payloads must stay under 8000 bytes; a bigger label list is dropped (wake all). */
const MAX_PAYLOAD_BYTES = 7000;

type Listener = (event: WakeEvent) => void;

const RUNNER_CHANGES: ReadonlySet<string> = new Set<RunnerChange>([
  'undrained',
  'drained',
  'revoked',
  'rotated',
]);

/**
 * The origin of notifications sent from inside a store's transaction
 * (`runnerChangedNotification`): no bus has it, so every replica — this one included —
 * delivers them.
 */
const STORE_ORIGIN = 'store';

/**
 * The NOTIFY of a runner change, for the runner store to send inside the transaction that
 * made it (PostgreSQL delivers it at commit, and only if it commits): a drain, revoke or
 * rotation made by any process — an admin command run directly on the database included —
 * reaches every replica's waiting heartbeats and token caches.
 */
export function runnerChangedNotification(
  runnerId: number,
  change: RunnerChange,
): { channel: string; payload: string } {
  return {
    channel: WAKE_CHANNEL,
    payload: JSON.stringify({ origin: STORE_ORIGIN, event: { kind: 'runner', runnerId, change } }),
  };
}

/**
 * `WakeBus` across replicas with PostgreSQL `LISTEN/NOTIFY` on its own postgres.js
 * connection. Local subscribers are called at once on `publish`; the notification's echo
 * to this replica is recognised by its origin id and ignored, so nobody is woken twice.
 * Delivery is best effort: a failed NOTIFY is dropped (waiters still time out normally).
 */
export class PgWakeBus implements WakeBus {
  private readonly listeners = new Set<Listener>();
  private readonly origin = randomUUID();
  private closed = false;

  private constructor(private readonly sql: postgres.Sql) {}

  /** Connects to `url` and starts listening; resolves once LISTEN is in place. */
  static async open(url: string): Promise<PgWakeBus> {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    const bus = new PgWakeBus(sql);
    try {
      await sql.listen(WAKE_CHANNEL, (payload) => bus.receive(payload));
    } catch (err) {
      await sql.end({ timeout: 1 });
      throw err;
    }
    return bus;
  }

  async publish(event: WakeEvent): Promise<void> {
    if (this.closed) return;
    this.deliver(event);
    if (event.kind === 'shutdown') return;
    let payload = JSON.stringify({ origin: this.origin, event });
    if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
      payload = JSON.stringify({ origin: this.origin, event: { kind: 'jobs' } });
    }
    try {
      await this.sql.notify(WAKE_CHANNEL, payload);
    } catch {
      // Best effort by contract: other replicas' waiters fall back to their deadline.
    }
  }

  subscribe(listener: Listener): () => void {
    if (this.closed) {
      queueMicrotask(() => listener({ kind: 'shutdown' }));
      return () => {};
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.deliver({ kind: 'shutdown' });
    this.listeners.clear();
    await this.sql.end({ timeout: 5 });
  }

  private receive(payload: string): void {
    if (this.closed) return;
    const parsed = parseNotification(payload);
    if (parsed && parsed.origin !== this.origin) this.deliver(parsed.event);
  }

  private deliver(event: WakeEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // One waiter's failure does not keep the event from the others.
      }
    }
  }
}

/** The notification, or undefined for anything this version does not understand. */
export function parseNotification(payload: string): { origin: string; event: WakeEvent } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (!isObject(value) || typeof value.origin !== 'string' || !isObject(value.event)) return undefined;
  const e = value.event;
  if (e.kind === 'jobs') {
    const runsOn = e.runsOn;
    const ok =
      Array.isArray(runsOn) && runsOn.every((s) => Array.isArray(s) && s.every((l) => typeof l === 'string'));
    if (!ok) return { origin: value.origin, event: { kind: 'jobs' } };
    const counts = e.counts;
    const counted =
      Array.isArray(counts) &&
      counts.length === runsOn.length &&
      counts.every((n) => Number.isSafeInteger(n) && (n as number) > 0);
    return {
      origin: value.origin,
      event: counted
        ? { kind: 'jobs', runsOn: runsOn as string[][], counts: counts as number[] }
        : { kind: 'jobs', runsOn: runsOn as string[][] },
    };
  }
  if (
    e.kind === 'runner' &&
    Number.isSafeInteger(e.runnerId) &&
    typeof e.change === 'string' &&
    RUNNER_CHANGES.has(e.change)
  ) {
    return {
      origin: value.origin,
      event: { kind: 'runner', runnerId: e.runnerId as number, change: e.change as RunnerChange },
    };
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
