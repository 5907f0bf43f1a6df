/** Memory stand-ins for the runner's host side: checkout, workspaces, step files, log spool, daemon log. */
import { createHash } from 'node:crypto';
import { compileFilePatterns, matchesFilePatterns } from '../../../src/domain/agent/file-patterns.js';
import type { Checkout, CheckoutRequest, CheckoutResult } from '../../../src/ports/checkout.js';
import type { LogSpool, SpoolKey } from '../../../src/ports/log-spool.js';
import type { LogFields, RunnerLog } from '../../../src/ports/runner-log.js';
import type { FileRead, StepFiles } from '../../../src/ports/step-files.js';
import type { JobFolders, Workspace } from '../../../src/ports/workspace.js';

export class FakeCheckout implements Checkout {
  readonly requests: CheckoutRequest[] = [];
  /** A failure message for the next checkouts, or 'hang' to wait for the abort. */
  next: string | null = null;

  async checkout(
    request: CheckoutRequest,
    onOutput: (bytes: Uint8Array) => void,
    signal: AbortSignal,
  ): Promise<CheckoutResult> {
    this.requests.push(request);
    onOutput(new TextEncoder().encode(`fetching ${request.sha}\n`));
    if (this.next === 'hang') {
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      return { ok: false, message: 'git was stopped' };
    }
    if (this.next) return { ok: false, message: this.next };
    return { ok: true };
  }
}

export class MemoryWorkspace implements Workspace {
  readonly live = new Set<string>();
  readonly created: string[] = [];
  runnerId: number | null = null;
  sweeps: Date[] = [];
  failCreate = false;

  async create(runId: number, jobId: number): Promise<JobFolders> {
    if (this.failCreate) throw new Error('disk full');
    const path = `/ws/${runId}/${jobId}`;
    this.live.add(path);
    this.created.push(path);
    return { workspace: path, shared: `${path}-runner` };
  }
  async remove(runId: number, jobId: number): Promise<void> {
    this.live.delete(`/ws/${runId}/${jobId}`);
  }
  async sweep(olderThan: Date): Promise<number> {
    this.sweeps.push(olderThan);
    return 0;
  }
  async loadRunnerId(): Promise<number | null> {
    return this.runnerId;
  }
  async saveRunnerId(runnerId: number): Promise<void> {
    this.runnerId = runnerId;
  }
}

/** Step files in memory; `workspaceFiles` (workspace path → relative path → text) feeds hashFiles(). */
export class MemoryStepFiles implements StepFiles {
  readonly files = new Map<string, string>();
  readonly workspaceFiles = new Map<string, Map<string, string>>();

  async createFiles(paths: readonly string[]): Promise<void> {
    for (const path of paths) this.files.set(path, '');
  }
  async writeFile(path: string, text: string): Promise<void> {
    this.files.set(path, text);
  }
  async readFile(path: string, maxBytes: number): Promise<FileRead | null> {
    const text = this.files.get(path);
    if (text === undefined) return null;
    const bytes = Buffer.byteLength(text);
    return bytes > maxBytes ? { text: '', bytes, overLimit: true } : { text, bytes, overLimit: false };
  }
  async readWorkspaceFile(workspace: string, path: string, maxBytes: number): Promise<FileRead | null> {
    const text = this.workspaceFiles.get(workspace)?.get(path);
    if (text === undefined) return null;
    const bytes = Buffer.byteLength(text);
    return bytes > maxBytes ? { text: '', bytes, overLimit: true } : { text, bytes, overLimit: false };
  }

  /** Puts a file in a job's workspace, as a checkout would. */
  putWorkspaceFile(workspace: string, path: string, text: string): void {
    const files = this.workspaceFiles.get(workspace) ?? new Map<string, string>();
    files.set(path, text);
    this.workspaceFiles.set(workspace, files);
  }

  hashFiles(workspace: string, patterns: readonly string[]): string {
    const compiled = compileFilePatterns(patterns);
    const files = [...(this.workspaceFiles.get(workspace) ?? new Map<string, string>()).entries()]
      .filter(([path]) => matchesFilePatterns(compiled, path))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (files.length === 0) return '';
    const all = createHash('sha256');
    for (const [, text] of files) all.update(createHash('sha256').update(text).digest());
    return all.digest('hex');
  }
  /** What a step writes into one of its files. */
  append(path: string, text: string): void {
    this.files.set(path, (this.files.get(path) ?? '') + text);
  }
}

const keyOf = (k: SpoolKey) => `${k.jobId}/${k.stepId}/${k.seq}`;

export class MemorySpool implements LogSpool {
  readonly chunks = new Map<string, Uint8Array>();
  /** Most chunks held at once (a backlog during an outage shows here). */
  peak = 0;

  async put(key: SpoolKey, bytes: Uint8Array): Promise<void> {
    this.chunks.set(keyOf(key), bytes.slice());
    this.peak = Math.max(this.peak, this.chunks.size);
  }
  async read(key: SpoolKey): Promise<Uint8Array> {
    const bytes = this.chunks.get(keyOf(key));
    if (!bytes) throw new Error(`spool: no chunk ${keyOf(key)}`);
    return bytes;
  }
  async drop(key: SpoolKey): Promise<void> {
    this.chunks.delete(keyOf(key));
  }
  async clearJob(jobId: number): Promise<void> {
    for (const key of this.chunks.keys()) if (key.startsWith(`${jobId}/`)) this.chunks.delete(key);
  }
  async listJobs(): Promise<number[]> {
    return [...new Set([...this.chunks.keys()].map((k) => Number(k.split('/')[0])))];
  }
}

export class RecordingLog implements RunnerLog {
  readonly lines: { level: string; message: string; fields?: LogFields }[] = [];
  info(message: string, fields?: LogFields): void {
    this.lines.push({ level: 'info', message, fields });
  }
  warn(message: string, fields?: LogFields): void {
    this.lines.push({ level: 'warn', message, fields });
  }
  error(message: string, fields?: LogFields): void {
    this.lines.push({ level: 'error', message, fields });
  }
  text(): string {
    return this.lines.map((l) => `${l.level} ${l.message} ${JSON.stringify(l.fields ?? {})}`).join('\n');
  }
}
