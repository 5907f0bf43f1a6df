import type { PushEvent } from '../../ports/model/trigger.js';
import type { NewPushEvent, PushEventStore } from '../../ports/push-event-store.js';
import type { MemoryState } from './state.js';

/** `PushEventStore` over the in-memory database. */
export class MemoryPushEventStore implements PushEventStore {
  constructor(private readonly state: MemoryState) {}

  recordPushEvents(events: NewPushEvent[]): Promise<PushEvent[]> {
    return this.state.transaction((tables) =>
      events.map((input) => {
        if (!tables.repos.has(input.repoId)) throw new Error(`repo ${input.repoId} does not exist`);
        const event: PushEvent = {
          ...structuredClone(input),
          id: this.state.nextId('push_events'),
          status: 'pending',
          attempts: 0,
          lastError: null,
          processedAt: null,
        };
        tables.pushEvents.set(event.id, event);
        return structuredClone(event);
      }),
    );
  }

  async getPushEvent(id: number): Promise<PushEvent | undefined> {
    const event = this.state.tables.pushEvents.get(id);
    return event && structuredClone(event);
  }

  async listPendingPushEvents(createdBefore: Date, limit: number): Promise<PushEvent[]> {
    return [...this.state.tables.pushEvents.values()]
      .filter((e) => e.status === 'pending' && e.createdAt.getTime() <= createdBefore.getTime())
      .sort((a, b) => a.id - b.id)
      .slice(0, limit)
      .map((e) => structuredClone(e));
  }

  markPushEventProcessed(id: number, at: Date): Promise<void> {
    return this.state.transaction((tables) => {
      const event = tables.pushEvents.get(id);
      if (event && event.status !== 'processed') {
        tables.pushEvents.set(id, { ...event, status: 'processed', processedAt: at });
      }
    });
  }

  recordPushEventFailure(id: number, error: string, maxAttempts: number): Promise<PushEvent | undefined> {
    return this.state.transaction((tables) => {
      const event = tables.pushEvents.get(id);
      if (!event) return undefined;
      if (event.status === 'processed') return structuredClone(event);
      const attempts = event.attempts + 1;
      const next: PushEvent = {
        ...event,
        attempts,
        lastError: error,
        status: attempts >= maxAttempts ? 'failed' : 'pending',
      };
      tables.pushEvents.set(id, next);
      return structuredClone(next);
    });
  }
}
