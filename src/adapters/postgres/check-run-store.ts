import { and, asc, eq } from 'drizzle-orm';
import type { CheckRunPatch, CheckRunStore, NewCheckRun } from '../../ports/check-run-store.js';
import type { Conclusion } from '../../ports/model/run.js';
import type { CheckRun, CheckStatus } from '../../ports/model/trigger.js';
import type { Db } from './database.js';
import { checkRuns } from './schema.js';

const APP_SLUG = 'shithub-actions';

/** `CheckRunStore` on PostgreSQL or PGlite (app slug `shithub-actions`). */
export class PgCheckRunStore implements CheckRunStore {
  constructor(private readonly db: Db) {}

  async ensureCheckRuns(checks: NewCheckRun[], at: Date): Promise<void> {
    if (checks.length === 0) return;
    await this.db
      .insert(checkRuns)
      .values(checks.map((c) => ({ ...c, appSlug: APP_SLUG, createdAt: at, updatedAt: at })))
      .onConflictDoNothing({ target: [checkRuns.repoId, checkRuns.appSlug, checkRuns.externalId] });
  }

  async updateCheckRun(
    repoId: number,
    externalId: string,
    patch: CheckRunPatch,
    at: Date,
  ): Promise<CheckRun | undefined> {
    const [row] = await this.db
      .update(checkRuns)
      .set({ ...patch, updatedAt: at })
      .where(
        and(
          eq(checkRuns.repoId, repoId),
          eq(checkRuns.appSlug, APP_SLUG),
          eq(checkRuns.externalId, externalId),
        ),
      )
      .returning();
    return row ? toCheckRun(row) : undefined;
  }

  async listCheckRuns(repoId: number, headSha: string): Promise<CheckRun[]> {
    const rows = await this.db
      .select()
      .from(checkRuns)
      .where(and(eq(checkRuns.repoId, repoId), eq(checkRuns.headSha, headSha)))
      .orderBy(asc(checkRuns.id));
    return rows.map(toCheckRun);
  }
}

function toCheckRun(row: typeof checkRuns.$inferSelect): CheckRun {
  return { ...row, status: row.status as CheckStatus, conclusion: row.conclusion as Conclusion | null };
}
