/** Reading a page's repository and numbers from its path, with the viewer's access. */
import type { Context } from 'hono';
import { findRunByIndex, type ViewedRepo, viewRepo } from '../../../domain/api/viewer-access.js';
import { invalid, notFound } from '../../../domain/errors.js';
import { INT4, INT8, type IntegerRange } from '../../../domain/integer-ranges.js';
import type { RepoRole } from '../../../ports/model/forge.js';
import type { Job, Run } from '../../../ports/model/run.js';
import { pathId } from '../pat-api/request.js';
import type { UiDeps, UiEnv } from './ui-deps.js';

/** The path's repository for the viewer; 404 when hidden, missing, or short of `need`. */
export function viewedRepo(c: Context<UiEnv>, deps: UiDeps, need?: RepoRole): Promise<ViewedRepo> {
  return viewRepo(deps, {
    viewer: c.get('viewer'),
    ownerName: c.req.param('owner') ?? '',
    name: c.req.param('repo') ?? '',
    ...(need ? { need } : {}),
  });
}

/**
 * The path parameter `name` as a positive number of a column of `range` (a `bigint` id by
 * default; `INT4` for run indexes and pull numbers); 404 for anything else.
 */
export function pathNumber(c: Context, name: string, range: IntegerRange = INT8): number {
  const value = c.req.param(name);
  return pathId(value, () => notFound('page.not_found', 'not found'), range);
}

/** The run `:index` of the repository; 404 when there is none. */
export function runAtPath(c: Context<UiEnv>, deps: UiDeps, repoId: number): Promise<Run> {
  return findRunByIndex(deps, { repoId, runIndex: pathNumber(c, 'index', INT4) });
}

/** The path's repository, run `:index` and its job `:job` for the viewer; 404 when any is hidden or missing. */
export async function jobAtPath(
  c: Context<UiEnv>,
  deps: UiDeps,
): Promise<ViewedRepo & { run: Run; job: Job }> {
  const viewed = await viewedRepo(c, deps);
  const run = await runAtPath(c, deps, viewed.repo.id);
  const job = await deps.runs.getJob(pathNumber(c, 'job'));
  if (job?.runId !== run.id) throw notFound('job.not_found', 'job not found');
  return { ...viewed, run, job };
}

/** `/owner/name`. */
export const repoBase = (repo: { ownerName: string; name: string }) => `/${repo.ownerName}/${repo.name}`;

/** A page's query parameter as text ('' when absent); U+0000 is refused (see `nul-text.ts`). */
export function queryText(c: Context, key: string): string {
  const value = c.req.query(key) ?? '';
  if (value.includes('\u0000') || value.length > 1000) {
    throw invalid('request.query_invalid', `query parameter ${key} is not acceptable`);
  }
  return value;
}

/** A positive whole number from the query, clamped to `max`; `fallback` when absent or not a number. */
export function queryNumber(c: Context, key: string, fallback: number, max: number): number {
  const text = queryText(c, key);
  return /^[1-9][0-9]{0,8}$/.test(text) ? Math.min(Number(text), max) : fallback;
}
