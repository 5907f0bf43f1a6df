import { and, asc, eq } from 'drizzle-orm';
import type { ArtifactLedger, ArtifactStore } from '../../ports/artifact-store.js';
import type { Artifact, ArtifactPatch, NewArtifact } from '../../ports/model/artifact.js';
import type { Db } from './database.js';
import { workflowArtifacts } from './schema.js';

const a = workflowArtifacts;

/** `ArtifactStore` on PostgreSQL or PGlite: plain reads. */
export class PgArtifactStore implements ArtifactStore {
  constructor(private readonly db: Db) {}

  async listRun(runId: number): Promise<Artifact[]> {
    const rows = await this.db.select().from(a).where(eq(a.runId, runId)).orderBy(asc(a.id));
    return rows.map(toArtifact);
  }

  async get(id: number): Promise<Artifact | undefined> {
    const [row] = await this.db.select().from(a).where(eq(a.id, id));
    return row ? toArtifact(row) : undefined;
  }
}

/** The artifact rows inside one job-call transaction (`tx`), written at its instant `at`. */
export class PgArtifactLedger implements ArtifactLedger {
  constructor(
    private readonly tx: Db,
    private readonly at: Date,
  ) {}

  async lockByName(runId: number, name: string): Promise<Artifact | undefined> {
    const [row] = await this.tx
      .select()
      .from(a)
      .where(and(eq(a.runId, runId), eq(a.name, name)))
      .for('update');
    return row ? toArtifact(row) : undefined;
  }

  async lock(id: number): Promise<Artifact | undefined> {
    const [row] = await this.tx.select().from(a).where(eq(a.id, id)).for('update');
    return row ? toArtifact(row) : undefined;
  }

  async insert(row: NewArtifact): Promise<Artifact | 'name_taken'> {
    // A concurrent insert of the same name waits here for the other transaction, then yields.
    const [inserted] = await this.tx
      .insert(a)
      .values({ ...row, status: 'uploading', receivedBytes: 0, createdAt: this.at, updatedAt: this.at })
      .onConflictDoNothing({ target: [a.runId, a.name] })
      .returning();
    return inserted ? toArtifact(inserted) : 'name_taken';
  }

  async update(id: number, patch: ArtifactPatch): Promise<Artifact> {
    const [row] = await this.tx
      .update(a)
      .set({ ...patch, updatedAt: this.at })
      .where(eq(a.id, id))
      .returning();
    if (!row) throw new Error(`artifact ${id} does not exist`);
    return toArtifact(row);
  }
}

function toArtifact(row: typeof a.$inferSelect): Artifact {
  return {
    id: row.id,
    runId: row.runId,
    jobId: row.jobId,
    name: row.name,
    objectKey: row.objectKey,
    byteCount: row.byteCount,
    sha256: row.sha256,
    status: row.status,
    receivedBytes: row.receivedBytes,
    retentionDays: row.retentionDays,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    expiresAt: row.expiresAt,
  };
}
