/**
 * The idle heartbeat fast path (SPEC §7.1, §20): a runner whose last claim found nothing
 * gets its next 204 without a database transaction, as long as
 * - its heartbeat says the same as then (labels, capacity, host, version, active jobs),
 * - no wake-up that could concern it arrived since that claim *began* (an enqueue for
 *   labels it matches, a finished job, a change to the runner — `reactToWake`), and
 * - that claim is less than `recheckMs` old.
 *
 * Every event that can make a job claimable publishes a wake-up after its commit (locally
 * at once, across replicas by NOTIFY), and the gate counts them from before the claim's
 * snapshot, so a job committed after that snapshot always sends the next heartbeat to the
 * database: none is missed. The recheck bound covers what no event announces (a policy or
 * cap change, a lost notification) and is also how often an idle runner's
 * `last_heartbeat_at`, status and `active_job_ids` reach the database.
 */
import { reactToWake } from '../../../domain/runner-api/wake-runners.js';
import type { Clock } from '../../../ports/clock.js';
import type { WakeBus, WakeEvent } from '../../../ports/wake-bus.js';

/** Runners sharing a label set share one count of the wake-ups that concern them. */
interface LabelGroup {
  labels: string[];
  epoch: number;
}

interface Entry {
  group: LabelGroup;
  /** Bumped by every change to this runner (drain, undrain, revoke, rotation). */
  runnerEpoch: number;
  /** What the last empty claim answered, if the runner is quiet. */
  quiet?: { key: string; groupEpoch: number; runnerEpoch: number; at: number };
}

/** Handed out by `watch`, given back to `settle`: the counts as they were before the claim. */
export interface IdleTicket {
  runnerId: number;
  group: LabelGroup;
  groupEpoch: number;
  runnerEpoch: number;
}

export class IdleGate {
  private readonly groups = new Map<string, LabelGroup>();
  private readonly entries = new Map<number, Entry>();
  private lastSweep = 0;

  constructor(
    wake: WakeBus,
    private readonly clock: Clock,
    private readonly recheckMs: number,
  ) {
    wake.subscribe((event) => this.onEvent(event));
  }

  /** True when the heartbeat `key` of this runner may be answered 204 without the database. */
  isQuiet(runnerId: number, key: string): boolean {
    const entry = this.entries.get(runnerId);
    const quiet = entry?.quiet;
    if (!entry || !quiet || quiet.key !== key) return false;
    const now = this.clock.now().getTime();
    this.sweep(now);
    return (
      quiet.groupEpoch === entry.group.epoch &&
      quiet.runnerEpoch === entry.runnerEpoch &&
      now - quiet.at < this.recheckMs
    );
  }

  /** Call just before a claim from the database, with the labels it claims for. */
  watch(runnerId: number, labels: readonly string[]): IdleTicket {
    const group = this.groupOf(labels);
    let entry = this.entries.get(runnerId);
    if (!entry) {
      entry = { group, runnerEpoch: 0 };
      this.entries.set(runnerId, entry);
    }
    entry.group = group;
    entry.quiet = undefined;
    return { runnerId, group, groupEpoch: group.epoch, runnerEpoch: entry.runnerEpoch };
  }

  /** Call when that claim answered 204 (no job, draining, at capacity) to heartbeat `key`. */
  settle(ticket: IdleTicket, key: string): void {
    const entry = this.entries.get(ticket.runnerId);
    if (!entry || entry.group !== ticket.group) return;
    entry.quiet = {
      key,
      groupEpoch: ticket.groupEpoch,
      runnerEpoch: ticket.runnerEpoch,
      at: this.clock.now().getTime(),
    };
  }

  private onEvent(event: WakeEvent): void {
    if (event.kind === 'shutdown') {
      this.entries.clear();
      this.groups.clear();
    } else if (event.kind === 'runner') {
      const entry = this.entries.get(event.runnerId);
      if (entry) entry.runnerEpoch += 1;
    } else {
      for (const group of this.groups.values()) {
        if (reactToWake(event, { id: 0, labels: group.labels }) !== 'ignore') group.epoch += 1;
      }
    }
  }

  private groupOf(labels: readonly string[]): LabelGroup {
    const key = JSON.stringify([...labels].sort());
    let group = this.groups.get(key);
    if (!group) {
      group = { labels: [...labels], epoch: 0 };
      this.groups.set(key, group);
    }
    return group;
  }

  /** Forgets runners quiet for long (they re-enter through `watch`), at most once a recheck period. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.recheckMs) return;
    this.lastSweep = now;
    const used = new Set<LabelGroup>();
    for (const [id, entry] of this.entries) {
      if (!entry.quiet || now - entry.quiet.at >= this.recheckMs) this.entries.delete(id);
      else used.add(entry.group);
    }
    for (const [key, group] of this.groups) if (!used.has(group)) this.groups.delete(key);
  }
}
