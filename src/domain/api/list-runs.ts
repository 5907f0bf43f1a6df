/** The runs listing of a repository (SPEC §7.3; facts §1.8): filters and pages. */
import type { User } from '../../ports/model/forge.js';
import type { Conclusion, Run, RunStatus } from '../../ports/model/run.js';
import type { RunFilter, RunQueries } from '../../ports/run-queries.js';
import type { UserStore } from '../../ports/user-store.js';
import { invalid } from '../errors.js';
import type { RunView } from './run-view.js';

export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 100;
const MAX_PAGE = 1_000_000;
const WORKFLOWS_DIR = '.shithub/workflows/';
const GITHUB_WORKFLOWS_DIR = '.github/workflows/';

const CONCLUSIONS: readonly Conclusion[] = [
  'success',
  'failure',
  'neutral',
  'cancelled',
  'skipped',
  'timed_out',
  'action_required',
];
/** GitHub's status words, and ours, as stored statuses. */
const STATUSES: Record<string, RunStatus[]> = {
  queued: ['queued'],
  in_progress: ['running'],
  running: ['running'],
  completed: ['completed', 'cancelled'],
};

/** The query as received: every value a string, every key optional. */
export interface RunListQuery {
  status?: string;
  conclusion?: string;
  event?: string;
  head_ref?: string;
  workflow_file?: string;
  actor?: string;
  per_page?: string;
  page?: string;
}

export interface RunListing {
  totalCount: number;
  /** The page's runs, newest first, with their actors and approval rows. */
  runs: RunView[];
}

/**
 * Lists the repository's runs, newest first. `status` takes queued / in_progress (or
 * running) / completed, or a conclusion as GitHub does; `head_ref` a full ref or a branch
 * name; `workflow_file` a path or a file name under `.shithub/workflows/` (or `.github/workflows/`); `actor` a user
 * name. Throws invalid `request.query_invalid` for a value outside these rules.
 */
export async function listRepoRuns(
  deps: { runQueries: RunQueries; users: UserStore },
  input: { repoId: number; query: RunListQuery },
): Promise<RunListing> {
  const q = input.query;
  const perPage = readInteger('per_page', q.per_page, DEFAULT_PER_PAGE, MAX_PER_PAGE);
  const page = readInteger('page', q.page, 1, MAX_PAGE);
  const filter: RunFilter = { repoId: input.repoId, ...statusFilter(q.status, q.conclusion) };
  if (q.event !== undefined) filter.event = q.event;
  if (q.head_ref !== undefined) {
    filter.headRefs = [q.head_ref.startsWith('refs/') ? q.head_ref : `refs/heads/${q.head_ref}`];
  }
  if (q.workflow_file !== undefined) {
    const file = q.workflow_file;
    filter.workflowFiles = file.includes('/')
      ? [file]
      : [file, `${WORKFLOWS_DIR}${file}`, `${GITHUB_WORKFLOWS_DIR}${file}`];
  }
  const empty: RunListing = { totalCount: 0, runs: [] };
  if (q.actor !== undefined) {
    const actor = await deps.users.getUserByName(q.actor);
    if (!actor) return empty;
    filter.actorUserId = actor.id;
  }
  if (filter.statuses?.length === 0) return empty;
  const found = await deps.runQueries.listRuns(filter, { limit: perPage, offset: (page - 1) * perPage });
  const actors = await loadActors(deps.users, found.runs);
  const views: RunView[] = [];
  for (const run of found.runs) {
    const approval = run.needApproval ? await deps.runQueries.getRunApproval(run.id) : undefined;
    views.push({
      run,
      actor: run.actorUserId === null ? null : (actors.get(run.actorUserId) ?? null),
      approval,
    });
  }
  return { totalCount: found.totalCount, runs: views };
}

function statusFilter(status?: string, conclusion?: string): Pick<RunFilter, 'statuses' | 'conclusion'> {
  const wanted = conclusion === undefined ? undefined : readConclusion('conclusion', conclusion);
  if (status === undefined) return wanted ? { conclusion: wanted } : {};
  const statuses = STATUSES[status];
  if (statuses) return { statuses, ...(wanted ? { conclusion: wanted } : {}) };
  const asConclusion = readConclusion('status', status);
  // Two different conclusions asked at once match nothing.
  if (wanted && wanted !== asConclusion) return { statuses: [] };
  return { conclusion: asConclusion };
}

function readConclusion(key: string, value: string): Conclusion {
  const found = CONCLUSIONS.find((c) => c === value);
  if (found) return found;
  const allowed = key === 'status' ? [...Object.keys(STATUSES), ...CONCLUSIONS] : CONCLUSIONS;
  throw invalid('request.query_invalid', `${key} must be one of ${allowed.join(', ')}`);
}

/** A page-like query value from 1 to `max`; `fallback` when absent. invalid `request.query_invalid` otherwise. */
export function readInteger(key: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = /^[0-9]{1,7}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 1 && n <= max))
    throw invalid('request.query_invalid', `${key} must be a whole number from 1 to ${max}`);
  return n;
}

async function loadActors(users: UserStore, runs: readonly Run[]): Promise<Map<number, User>> {
  const ids = [...new Set(runs.flatMap((r) => (r.actorUserId === null ? [] : [r.actorUserId])))];
  const found = await Promise.all(ids.map((id) => users.getUserById(id)));
  return new Map(found.flatMap((u) => (u ? [[u.id, u] as const] : [])));
}
