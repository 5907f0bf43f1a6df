/** Which workflows of a repository's default branch declare `schedule:` crons (SPEC §6). */
import type { GitReader } from '../../ports/git-reader.js';
import type { Repo } from '../../ports/model/forge.js';
import { discoverWorkflows } from './discover-workflows.js';

/** One workflow file and the crons of its `on.schedule`, as written. */
export interface ScheduledFile {
  file: string;
  crons: string[];
}

/** What the scheduler remembers of one repository between rounds. */
export interface RepoScheduleState {
  /** The end of the last window checked; the next window starts here. */
  checkedAt: Date;
  /** The default branch head the schedules were read at. */
  sha: string;
  schedules: ScheduledFile[];
}

/**
 * The scheduler's in-process memory: a cursor over repositories (the id the next round starts
 * after) and, per repository, the last window end and the schedules read at a head. Losing it
 * (a restart) only makes the next round look back the full window once.
 */
export interface ScheduleMemory {
  cursor: number;
  repos: Map<number, RepoScheduleState>;
}

export function newScheduleMemory(): ScheduleMemory {
  return { cursor: 0, repos: new Map() };
}

/**
 * The default branch head and its scheduled workflows, read again only when the head moved
 * (a commit's files never change). Undefined when the default branch does not exist. Files
 * that fail to parse schedule nothing (their push already reported them).
 */
export async function readSchedules(
  deps: { git: GitReader },
  input: { repo: Repo; known: RepoScheduleState | undefined },
): Promise<{ sha: string; schedules: ScheduledFile[] } | undefined> {
  const { repo, known } = input;
  const head = await deps.git.resolveCommit(repo, `refs/heads/${repo.defaultBranch}`);
  if (!head) return undefined;
  if (known?.sha === head.sha) return { sha: head.sha, schedules: known.schedules };
  const schedules: ScheduledFile[] = [];
  for (const { file, parsed } of await discoverWorkflows(deps, { repo, sha: head.sha })) {
    const crons = parsed.workflow?.on.schedule ?? [];
    if (crons.length > 0) schedules.push({ file, crons: [...crons] });
  }
  return { sha: head.sha, schedules };
}
