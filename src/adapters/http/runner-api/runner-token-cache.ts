/**
 * Registration-token lookups for heartbeats, cached per process (SPEC §7.1, §8.1), so an
 * idle heartbeat needs no database read to know its runner.
 *
 * Kept correct by the wake bus: every runner change (drained, undrained, revoked, rotated)
 * drops the runner's entries — published by the domain in this process and, on
 * PostgreSQL, NOTIFYed by the runner store at commit to every replica, whoever made the
 * change. An entry lives at most `ttlMs` besides, so a lost notification costs that long
 * at most. Expiry needs no event: `authenticateRunner` checks `expiresAt` against the
 * clock on every call. What a stale entry can do is bounded: the claim itself reads the
 * runner under its row lock (a revoked runner gets 401 there), and job calls re-read it.
 */
import type { Clock } from '../../../ports/clock.js';
import type { Runner, RunnerToken } from '../../../ports/model/runner.js';
import type { RunnerStore } from '../../../ports/runner-store.js';
import type { WakeBus } from '../../../ports/wake-bus.js';

type Found = { runner: Runner; token: RunnerToken };

/** Entries beyond this are dropped wholesale: a flood of tokens must not grow memory. */
const MAX_ENTRIES = 50_000;

export class RunnerTokenCache {
  private readonly entries = new Map<string, { found: Found; at: number }>();
  /** Bumped by every runner change: a lookup that raced one is not cached. */
  private epoch = 0;

  constructor(
    private readonly deps: { runners: Pick<RunnerStore, 'findByTokenHash'>; clock: Clock; wake: WakeBus },
    private readonly ttlMs: number,
  ) {
    deps.wake.subscribe((event) => {
      if (event.kind === 'shutdown') this.entries.clear();
      if (event.kind === 'runner') this.forgetRunner(event.runnerId);
    });
  }

  /** `RunnerStore.findByTokenHash` through the cache (unknown tokens are not cached). */
  async findByTokenHash(tokenHash: Uint8Array): Promise<Found | undefined> {
    const key = Buffer.from(tokenHash).toString('hex');
    const now = this.deps.clock.now().getTime();
    const cached = this.entries.get(key);
    if (cached && now - cached.at < this.ttlMs) return cached.found;
    const epoch = this.epoch;
    const found = await this.deps.runners.findByTokenHash(tokenHash);
    if (!found || epoch !== this.epoch) {
      this.entries.delete(key);
      return found;
    }
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { found, at: now });
    return found;
  }

  /**
   * Records what a claim just stored for the runner (labels and the rest), so defaults
   * taken from the cached row stay what the database holds.
   */
  noteStored(
    runnerId: number,
    stored: Partial<Pick<Runner, 'labels' | 'capacity' | 'hostName' | 'version'>>,
  ) {
    for (const entry of this.entries.values()) {
      if (entry.found.runner.id === runnerId) {
        entry.found = { ...entry.found, runner: { ...entry.found.runner, ...stored } };
      }
    }
  }

  private forgetRunner(runnerId: number): void {
    this.epoch += 1;
    for (const [key, entry] of this.entries) {
      if (entry.found.runner.id === runnerId) this.entries.delete(key);
    }
  }
}
