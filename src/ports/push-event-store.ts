import type { PushEvent } from './model/trigger.js';

/** Fields of a push event to insert; the store assigns the id and starts it `pending`. */
export type NewPushEvent = Omit<PushEvent, 'id' | 'status' | 'attempts' | 'lastError' | 'processedAt'>;

/**
 * The durable record of accepted pushes (SPEC §5): written before anything is enqueued, so
 * a push the client saw succeed is never lost. Processing is at-least-once; the enqueue
 * path is idempotent per `push:<id>`.
 */
export interface PushEventStore {
  /** Atomically inserts every event of one push (all or none), in the given order. */
  recordPushEvents(events: NewPushEvent[]): Promise<PushEvent[]>;

  /** The event, or undefined. */
  getPushEvent(id: number): Promise<PushEvent | undefined>;

  /** Pending events created at or before `createdBefore`, oldest (lowest id) first, at most `limit`. */
  listPendingPushEvents(createdBefore: Date, limit: number): Promise<PushEvent[]>;

  /** Marks the event processed (any status before). Idempotent; a no-op for an unknown id. */
  markPushEventProcessed(id: number, at: Date): Promise<void>;

  /**
   * Atomically counts a failed attempt (`attempts + 1`, `lastError`); the event turns
   * `failed` once `attempts` reaches `maxAttempts`, else stays `pending`. A processed event
   * is left alone. Returns the new row, or undefined for an unknown id.
   */
  recordPushEventFailure(id: number, error: string, maxAttempts: number): Promise<PushEvent | undefined>;
}
