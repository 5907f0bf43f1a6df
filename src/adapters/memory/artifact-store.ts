import type { ArtifactLedger, ArtifactStore } from '../../ports/artifact-store.js';
import type { Artifact, ArtifactPatch, NewArtifact } from '../../ports/model/artifact.js';
import type { MemoryState, MemoryTables } from './state.js';

/** `ArtifactStore` over the in-memory database. */
export class MemoryArtifactStore implements ArtifactStore {
  constructor(private readonly state: MemoryState) {}

  async listRun(runId: number): Promise<Artifact[]> {
    return [...this.state.tables.artifacts.values()]
      .filter((a) => a.runId === runId)
      .sort((a, b) => a.id - b.id)
      .map((a) => ({ ...a }));
  }

  async get(id: number): Promise<Artifact | undefined> {
    const row = this.state.tables.artifacts.get(id);
    return row ? { ...row } : undefined;
  }
}

/** The artifact rows inside one memory transaction; locks are no-ops (the mutex serialises). */
export class MemoryArtifactLedger implements ArtifactLedger {
  constructor(
    private readonly state: MemoryState,
    private readonly tables: MemoryTables,
    private readonly at: Date,
  ) {}

  async lockByName(runId: number, name: string): Promise<Artifact | undefined> {
    const row = [...this.tables.artifacts.values()].find((a) => a.runId === runId && a.name === name);
    return row ? { ...row } : undefined;
  }

  async lock(id: number): Promise<Artifact | undefined> {
    const row = this.tables.artifacts.get(id);
    return row ? { ...row } : undefined;
  }

  async insert(row: NewArtifact): Promise<Artifact | 'name_taken'> {
    if (!this.tables.runs.has(row.runId)) throw new Error(`run ${row.runId} does not exist`);
    if ([...this.tables.artifacts.values()].some((a) => a.runId === row.runId && a.name === row.name))
      return 'name_taken';
    const id = this.state.nextId('workflow_artifacts');
    const stored: Artifact = {
      id,
      ...row,
      status: 'uploading',
      receivedBytes: 0,
      createdAt: this.at,
      updatedAt: this.at,
    };
    this.tables.artifacts.set(id, stored);
    return { ...stored };
  }

  async update(id: number, patch: ArtifactPatch): Promise<Artifact> {
    const row = this.tables.artifacts.get(id);
    if (!row) throw new Error(`artifact ${id} does not exist`);
    Object.assign(row, patch, { updatedAt: this.at });
    return { ...row };
  }
}
