/** Memory stand-ins for the runner's host side: checkout, workspaces, log spool, daemon log. */
import type { Checkout, CheckoutRequest, CheckoutResult } from '../../../src/ports/checkout.js';
import type { LogSpool, SpoolKey } from '../../../src/ports/log-spool.js';
import type { LogFields, RunnerLog } from '../../../src/ports/runner-log.js';
import type { Workspace } from '../../../src/ports/workspace.js';

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

  async create(runId: number, jobId: number): Promise<string> {
    if (this.failCreate) throw new Error('disk full');
    const path = `/ws/${runId}/${jobId}`;
    this.live.add(path);
    this.created.push(path);
    return path;
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
