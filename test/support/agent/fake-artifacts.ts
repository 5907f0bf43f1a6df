/**
 * The runner's artifact calls on fakes: a stateful artifact server on the fake control plane's
 * token chain (uploads in order, resends accepted, digests checked, one name per run; it can
 * lose chunk answers on demand), and the host's artifact files in memory — workspaces of
 * relative paths, links leading out of them, archives in the real format.
 */
import { createHash } from 'node:crypto';
import {
  ARCHIVE_END,
  ARCHIVE_MAGIC,
  ArchiveReader,
  encodeEntryHeader,
} from '../../../src/domain/artifacts/archive-format.js';
import { invalid } from '../../../src/domain/errors.js';
import type { ArtifactApi, RunArtifact, UploadStart, UploadState } from '../../../src/ports/artifact-api.js';
import type {
  ArchiveDigest,
  ArtifactFiles,
  FoundFiles,
  PackEntry,
} from '../../../src/ports/artifact-files.js';
import type { JobCallOutcome, Rejection } from '../../../src/ports/control-plane.js';
import type { FakeControlPlane } from './fake-control-plane.js';

const reject = (status: number, code: string, message = code): Rejection => ({
  kind: 'rejected',
  status,
  code,
  message,
  retryAfterMs: null,
});

interface FakeArtifact extends RunArtifact {
  runId: number;
  jobId: number;
  received: Uint8Array[];
  receivedBytes: number;
  ready: boolean;
  retentionDays: number | null;
}

export class FakeArtifactServer implements ArtifactApi {
  readonly artifacts: FakeArtifact[] = [];
  /** Chunk answers to lose (after the chunk was stored), as a transport failure. */
  loseChunkAnswers = 0;
  chunkBytes = 4;

  constructor(private readonly cp: FakeControlPlane) {}

  beginUpload(jobId: number, token: string, start: UploadStart): Promise<JobCallOutcome<UploadState>> {
    return this.cp.chainCall(jobId, token, `artifact begin ${start.name}`, (job) => {
      const runId = job.job.runId;
      const existing = this.artifacts.find((a) => a.runId === runId && a.name === start.name);
      if (existing && (existing.jobId !== jobId || existing.ready)) return reject(409, 'artifact.name_taken');
      const same = existing && existing.size === start.size && existing.sha256 === start.sha256;
      const artifact = existing ?? {
        id: this.artifacts.length + 1,
        runId,
        jobId,
        name: start.name,
        size: start.size,
        sha256: start.sha256,
        received: [],
        receivedBytes: 0,
        ready: false,
        retentionDays: start.retentionDays,
      };
      if (!existing) this.artifacts.push(artifact);
      else if (!same)
        Object.assign(artifact, { size: start.size, sha256: start.sha256, received: [], receivedBytes: 0 });
      const state = {
        artifactId: artifact.id,
        receivedBytes: artifact.receivedBytes,
        chunkBytes: this.chunkBytes,
      };
      return { value: state };
    });
  }

  async uploadChunk(
    jobId: number,
    token: string,
    chunk: { artifactId: number; offset: number; bytes: Uint8Array },
  ): Promise<JobCallOutcome<{ receivedBytes: number }>> {
    const answer = await this.cp.chainCall(jobId, token, `artifact chunk ${chunk.offset}`, () => {
      const artifact = this.artifacts.find((a) => a.id === chunk.artifactId && a.jobId === jobId);
      if (!artifact || artifact.ready) return reject(404, 'artifact.not_found');
      if (chunk.offset + chunk.bytes.length <= artifact.receivedBytes)
        return { value: artifact.receivedBytes };
      if (chunk.offset !== artifact.receivedBytes) return reject(409, 'artifact.offset_mismatch');
      artifact.received.push(chunk.bytes.slice());
      artifact.receivedBytes += chunk.bytes.length;
      return { value: artifact.receivedBytes };
    });
    if (answer.kind === 'ok' && this.loseChunkAnswers > 0) {
      this.loseChunkAnswers--;
      throw new Error('fake: artifact chunk: socket hang up');
    }
    return answer.kind === 'ok' ? { ...answer, value: { receivedBytes: answer.value } } : answer;
  }

  finishUpload(jobId: number, token: string, artifactId: number): Promise<JobCallOutcome<RunArtifact>> {
    return this.cp.chainCall(jobId, token, 'artifact finish', () => {
      const artifact = this.artifacts.find((a) => a.id === artifactId && a.jobId === jobId);
      if (!artifact) return reject(404, 'artifact.not_found');
      if (artifact.receivedBytes !== artifact.size) return reject(409, 'artifact.incomplete');
      const digest = createHash('sha256').update(Buffer.concat(artifact.received)).digest('hex');
      if (digest !== artifact.sha256) return reject(422, 'artifact.digest_mismatch');
      artifact.ready = true;
      return { value: this.summary(artifact) };
    });
  }

  listArtifacts(jobId: number, token: string): Promise<JobCallOutcome<RunArtifact[]>> {
    return this.cp.chainCall(jobId, token, 'artifact list', (job) => ({
      value: this.artifacts.filter((a) => a.runId === job.job.runId && a.ready).map((a) => this.summary(a)),
    }));
  }

  download(
    jobId: number,
    token: string,
    artifactId: number,
    offset: number,
  ): Promise<JobCallOutcome<AsyncIterable<Uint8Array>>> {
    return this.cp.chainCall(jobId, token, `artifact download ${artifactId}`, (job) => {
      const artifact = this.artifacts.find(
        (a) => a.id === artifactId && a.runId === job.job.runId && a.ready,
      );
      if (!artifact) return reject(404, 'artifact.not_found');
      return { value: stream(Buffer.concat(artifact.received).subarray(offset)) };
    });
  }

  /** An artifact's archive as stored. */
  archiveOf(name: string): Uint8Array {
    const artifact = this.artifacts.find((a) => a.name === name);
    if (!artifact) throw new Error(`fake: no artifact ${name}`);
    return Buffer.concat(artifact.received);
  }

  private summary(a: FakeArtifact): RunArtifact {
    return { id: a.id, name: a.name, size: a.size, sha256: a.sha256 };
  }
}

async function* stream(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += 3) yield bytes.slice(at, at + 3);
}

/** Workspaces in memory: path → relative file path → bytes; links leading out listed apart. */
export class MemoryArtifactFiles implements ArtifactFiles {
  readonly workspaces = new Map<string, Map<string, { bytes: Uint8Array; executable: boolean }>>();
  readonly escapingLinks = new Map<string, Set<string>>();
  readonly archives = new Map<string, Uint8Array>();

  put(workspace: string, path: string, text: string, executable = false): void {
    const files = this.workspaces.get(workspace) ?? new Map();
    files.set(path, { bytes: new TextEncoder().encode(text), executable });
    this.workspaces.set(workspace, files);
  }

  text(workspace: string, path: string): string | undefined {
    const file = this.workspaces.get(workspace)?.get(path);
    return file ? new TextDecoder().decode(file.bytes) : undefined;
  }

  async findFiles(workspace: string, roots: readonly string[]): Promise<FoundFiles> {
    const under = (path: string) => roots.some((r) => r === '' || path === r || path.startsWith(`${r}/`));
    const files = [...(this.workspaces.get(workspace)?.keys() ?? [])].filter(under).sort();
    const escaping = [...(this.escapingLinks.get(workspace) ?? [])].filter(under).sort();
    return { files, escaping };
  }

  async pack(workspace: string, entries: readonly PackEntry[], archive: string): Promise<ArchiveDigest> {
    const parts: Uint8Array[] = [ARCHIVE_MAGIC];
    for (const entry of entries) {
      const file = this.workspaces.get(workspace)?.get(entry.source);
      if (!file) throw invalid('artifact.file_changed', `${entry.source} vanished`);
      parts.push(
        encodeEntryHeader({ path: entry.path, size: file.bytes.length, executable: file.executable }),
      );
      parts.push(file.bytes);
    }
    parts.push(ARCHIVE_END);
    const bytes = Buffer.concat(parts);
    this.archives.set(archive, bytes);
    return { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  async readChunk(archive: string, offset: number, length: number): Promise<Uint8Array> {
    return (this.archives.get(archive) ?? new Uint8Array()).slice(offset, offset + length);
  }

  async writeDownload(archive: string, offset: number, body: AsyncIterable<Uint8Array>): Promise<number> {
    const kept =
      offset === 0 ? new Uint8Array() : (this.archives.get(archive) ?? new Uint8Array()).slice(0, offset);
    const parts: Uint8Array[] = [kept];
    for await (const piece of body) parts.push(piece);
    const bytes = Buffer.concat(parts);
    this.archives.set(archive, bytes);
    return bytes.length;
  }

  async digest(archive: string): Promise<ArchiveDigest> {
    const bytes = this.archives.get(archive) ?? new Uint8Array();
    return { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  async unpack(
    archive: string,
    workspace: string,
    destination: string,
  ): Promise<{ files: number; bytes: number }> {
    const reader = new ArchiveReader();
    let current: { path: string; parts: Uint8Array[]; executable: boolean } | null = null;
    let bytes = 0;
    const files = this.workspaces.get(workspace) ?? new Map();
    this.workspaces.set(workspace, files);
    for (const event of reader.push(this.archives.get(archive) ?? new Uint8Array())) {
      if (event.kind === 'entry') {
        const path = destination === '' ? event.entry.path : `${destination}/${event.entry.path}`;
        current = { path, parts: [], executable: event.entry.executable };
      } else if (event.kind === 'data') {
        current?.parts.push(event.bytes.slice());
        bytes += event.bytes.length;
      } else if (current) {
        files.set(current.path, { bytes: Buffer.concat(current.parts), executable: current.executable });
      }
    }
    return { files: reader.finish(), bytes };
  }

  async remove(path: string): Promise<void> {
    this.archives.delete(path);
  }
}
