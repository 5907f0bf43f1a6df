import type { CheckRunPatch, CheckRunStore, NewCheckRun } from '../../ports/check-run-store.js';
import type { CheckRun } from '../../ports/model/trigger.js';
import type { MemoryState, MemoryTables } from './state.js';

const APP_SLUG = 'shithub-actions';

/** `CheckRunStore` over the in-memory database. */
export class MemoryCheckRunStore implements CheckRunStore {
  constructor(private readonly state: MemoryState) {}

  ensureCheckRuns(checks: NewCheckRun[], at: Date): Promise<void> {
    return this.state.transaction((tables) => {
      for (const check of checks) {
        if (!tables.repos.has(check.repoId)) throw new Error(`repo ${check.repoId} does not exist`);
        if (find(tables, check.repoId, check.externalId)) continue;
        const id = this.state.nextId('check_runs');
        tables.checkRuns.set(id, { ...check, id, appSlug: APP_SLUG, createdAt: at, updatedAt: at });
      }
    });
  }

  updateCheckRun(
    repoId: number,
    externalId: string,
    patch: CheckRunPatch,
    at: Date,
  ): Promise<CheckRun | undefined> {
    return this.state.transaction((tables) => {
      const check = find(tables, repoId, externalId);
      if (!check) return undefined;
      const next = { ...check, ...patch, updatedAt: at };
      tables.checkRuns.set(check.id, next);
      return { ...next };
    });
  }

  async listCheckRuns(repoId: number, headSha: string): Promise<CheckRun[]> {
    return [...this.state.tables.checkRuns.values()]
      .filter((c) => c.repoId === repoId && c.headSha === headSha)
      .sort((a, b) => a.id - b.id)
      .map((c) => ({ ...c }));
  }
}

function find(tables: MemoryTables, repoId: number, externalId: string): CheckRun | undefined {
  return [...tables.checkRuns.values()].find((c) => c.repoId === repoId && c.externalId === externalId);
}
