/** The `schedule` trigger: crons on the default branch, fired by a server loop (SPEC §6, §10.6). */
import type { Repo } from '../../ports/model/forge.js';
import type { Run } from '../../ports/model/run.js';
import { resolveRepoPolicy } from '../forge/actions-policy.js';
import { previousCronFire } from '../workflows/cron.js';
import { readSchedules, type ScheduledFile, type ScheduleMemory } from './scheduled-workflows.js';
import { type TriggerDeps, triggerWorkflows } from './trigger-workflows.js';

export interface FireDueSchedulesInput {
  now: Date;
  /** How far back a window reaches at most: the first look at a repository goes back this far. */
  lookbackMs: number;
  /** Repositories looked at in one call; the next call goes on after the last of them. */
  maxRepos: number;
  /** Kept by the caller between calls (`newScheduleMemory()`). */
  memory: ScheduleMemory;
}

export interface ScheduleRound {
  reposChecked: number;
  /** Runs enqueued, or found from another replica's call (`created: false`). */
  fired: { repoId: number; file: string; fireAt: Date; run: Run; created: boolean }[];
  /** Policy refusals (`actions.queue_full`, `actions.disabled`): the fire time is dropped. */
  refused: { repoId: number; file: string; code: string }[];
  /** Repositories whose round failed; their window stays open for the next call. */
  failed: { repoId: number; error: string }[];
}

interface DueFire {
  file: string;
  cron: string;
  at: Date;
}

/**
 * Looks at up to `maxRepos` repositories (continuing after the previous call's last one) and,
 * for each with Actions enabled, enqueues a `schedule` run of each workflow on the default
 * branch head whose cron fired in the window since that repository was last checked (at most
 * `lookbackMs` back). Per cron only the latest fire time in the window fires, so a window
 * spanning downtime fires once, not a burst. Trigger id `schedule:<file>:<fire unix seconds>`
 * makes replicas sharing a window create one run. Never throws for one repository.
 */
export async function fireDueSchedules(
  deps: TriggerDeps,
  input: FireDueSchedulesInput,
): Promise<ScheduleRound> {
  const round: ScheduleRound = { reposChecked: 0, fired: [], refused: [], failed: [] };
  const repos = await deps.repos.listRepos(input.memory.cursor, input.maxRepos);
  input.memory.cursor = repos.length < input.maxRepos ? 0 : (repos.at(-1)?.id ?? 0);
  for (const repo of repos) {
    round.reposChecked += 1;
    try {
      await fireRepoSchedules(deps, input, repo, round);
    } catch (err) {
      round.failed.push({ repoId: repo.id, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return round;
}

async function fireRepoSchedules(
  deps: TriggerDeps,
  input: FireDueSchedulesInput,
  repo: Repo,
  round: ScheduleRound,
): Promise<void> {
  const { now, memory } = input;
  const known = memory.repos.get(repo.id);
  const policy = await resolveRepoPolicy(deps, repo);
  // A disabled repository's fire times pass unfired: enabling it later does not replay them.
  const head = policy.actionsEnabled ? await readSchedules(deps, { repo, known }) : undefined;
  const from = windowStart(known?.checkedAt, now, input.lookbackMs);
  for (const due of dueFires(head?.schedules ?? [], from, now)) {
    const name = due.file.slice(due.file.lastIndexOf('/') + 1);
    const report = await triggerWorkflows(deps, {
      repo,
      event: 'schedule',
      match: { kind: 'schedule', cron: due.cron },
      sha: head?.sha ?? '',
      ref: `refs/heads/${repo.defaultBranch}`,
      payload: { schedule: due.cron },
      actor: null,
      triggerEventId: `schedule:${name}:${Math.floor(due.at.getTime() / 1000)}`,
      onlyFile: due.file,
    });
    if (report.refusal) round.refused.push({ repoId: repo.id, file: due.file, code: report.refusal.code });
    for (const { run, created } of report.runs) {
      round.fired.push({ repoId: repo.id, file: due.file, fireAt: due.at, run, created });
    }
  }
  memory.repos.set(repo.id, { checkedAt: now, sha: head?.sha ?? '', schedules: head?.schedules ?? [] });
}

/** The window is (from, now]: since the last check, but never further back than the lookback. */
function windowStart(checkedAt: Date | undefined, now: Date, lookbackMs: number): Date {
  const earliest = new Date(now.getTime() - lookbackMs);
  return checkedAt && checkedAt > earliest ? checkedAt : earliest;
}

/** Per cron, its latest fire time in (from, now]; one entry per file and fire time. */
function dueFires(schedules: readonly ScheduledFile[], from: Date, now: Date): DueFire[] {
  const due = new Map<string, DueFire>();
  for (const { file, crons } of schedules) {
    for (const cron of crons) {
      const at = previousCronFire(cron, now);
      if (at === null || at <= from) continue;
      const key = `${file}\n${at.getTime()}`;
      if (!due.has(key)) due.set(key, { file, cron, at });
    }
  }
  return [...due.values()].sort((a, b) => a.at.getTime() - b.at.getTime() || a.file.localeCompare(b.file));
}
