/**
 * Reading a repository's runs, jobs and logs with a PAT (SPEC §7.3, §11; facts §1.8).
 * Read access and a `repo:read` token; an id of another repository's run or job is 404.
 */
import type { Context, Hono } from 'hono';
import { listJobAnnotations } from '../../../domain/api/job-annotations.js';
import { readJobLog } from '../../../domain/api/job-log.js';
import { listRepoRuns } from '../../../domain/api/list-runs.js';
import { authorizeRepoPath, READ_ACCESS } from '../../../domain/api/pat-access.js';
import { describeJobs, listRunJobs } from '../../../domain/api/run-jobs.js';
import { describeRun } from '../../../domain/api/run-view.js';
import { notFound } from '../../../domain/errors.js';
import type { Repo } from '../../../ports/model/forge.js';
import { parseByteRange } from '../byte-range.js';
import { patAuth } from './auth.js';
import type { PatApiDeps, PatEnv } from './deps.js';
import { pathId, readQuery } from './request.js';
import { annotationJson, jobJson } from './serialise-job.js';
import { runJson } from './serialise-run.js';

const LIST_KEYS = [
  'status',
  'conclusion',
  'event',
  'head_ref',
  'workflow_file',
  'actor',
  'per_page',
  'page',
] as const;
const BASE = '/api/v1/repos/:owner/:repo/actions';

export function mountRunReadRoutes(app: Hono<PatEnv>, deps: PatApiDeps): void {
  const auth = patAuth(deps);
  const readableRepo = (c: Context<PatEnv>) =>
    authorizeRepoPath(deps, {
      caller: c.get('caller'),
      repoPath: `${c.req.param('owner')}/${c.req.param('repo')}`,
      need: READ_ACCESS,
    });
  const runOf = async (c: Context<PatEnv>, repo: Repo) => {
    const id = c.req.param('id');
    const missing = () => notFound('run.not_found', `run ${id} not found`);
    const run = await deps.runs.getRun(pathId(id, missing));
    if (run?.repoId !== repo.id) throw missing();
    return run;
  };
  const jobOf = async (c: Context<PatEnv>, repo: Repo) => {
    const id = c.req.param('id');
    const missing = () => notFound('job.not_found', `job ${id} not found`);
    const job = await deps.runs.getJob(pathId(id, missing));
    const run = job ? await deps.runs.getRun(job.runId) : undefined;
    if (!job || run?.repoId !== repo.id) throw missing();
    return { job, run };
  };

  app.get(`${BASE}/runs`, auth, async (c) => {
    const query = readQuery(c, LIST_KEYS);
    const repo = await readableRepo(c);
    const listing = await listRepoRuns(deps, { repoId: repo.id, query });
    return c.json({
      total_count: listing.totalCount,
      workflow_runs: listing.runs.map((view) => runJson(view, { repo, baseUrl: deps.baseUrl })),
    });
  });

  app.get(`${BASE}/runs/:id`, auth, async (c) => {
    readQuery(c, []);
    const repo = await readableRepo(c);
    const run = await runOf(c, repo);
    return c.json(runJson(await describeRun(deps, run), { repo, baseUrl: deps.baseUrl }));
  });

  app.get(`${BASE}/runs/:id/jobs`, auth, async (c) => {
    readQuery(c, []);
    const repo = await readableRepo(c);
    const run = await runOf(c, repo);
    const views = await listRunJobs(deps, { runId: run.id, staleAfterMs: deps.runnerStaleAfterMs });
    const ctx = { run, repo, baseUrl: deps.baseUrl };
    return c.json({ total_count: views.length, jobs: views.map((view) => jobJson(view, ctx)) });
  });

  app.get(`${BASE}/jobs/:id`, auth, async (c) => {
    readQuery(c, []);
    const repo = await readableRepo(c);
    const { job, run } = await jobOf(c, repo);
    const [view] = await describeJobs(deps, [job], deps.runnerStaleAfterMs);
    return c.json(jobJson(view!, { run, repo, baseUrl: deps.baseUrl }));
  });

  app.get(`${BASE}/jobs/:id/annotations`, auth, async (c) => {
    readQuery(c, []);
    const repo = await readableRepo(c);
    const { job } = await jobOf(c, repo);
    return c.json((await listJobAnnotations(deps, { jobId: job.id })).map(annotationJson));
  });

  // The same bytes while the steps are hot and after finalisation; one byte range may be asked for.
  app.get(`${BASE}/jobs/:id/logs`, auth, async (c) => {
    readQuery(c, []);
    const repo = await readableRepo(c);
    const { job } = await jobOf(c, repo);
    const text = await readJobLog(deps, { jobId: job.id });
    const headers = { 'Content-Type': 'text/plain; charset=utf-8', 'Accept-Ranges': 'bytes' };
    const span = parseByteRange(c.req.header('range'), text.length);
    if (span === undefined) return c.body(text, 200, headers);
    if (span === 'unsatisfiable') {
      const error = {
        error: 'the requested range is past the end of the log',
        code: 'request.range_unsatisfiable',
      };
      return c.json(error, 416, { 'Content-Range': `bytes */${text.length}` });
    }
    const contentRange = `bytes ${span.start}-${span.end}/${text.length}`;
    return c.body(text.slice(span.start, span.end + 1), 206, { ...headers, 'Content-Range': contentRange });
  });
}
