/**
 * A repository's artifacts with a PAT (GitHub's routes, `repo:read` and read access; an id of
 * another repository's run or artifact is 404, like a hidden repository):
 *
 *     GET /api/v1/repos/{o}/{r}/actions/runs/{id}/artifacts[?name=&per_page=&page=]
 *     GET /api/v1/repos/{o}/{r}/actions/artifacts/{id}
 *     GET /api/v1/repos/{o}/{r}/actions/artifacts/{id}/zip      the files as a zip (410 once expired)
 */
import { Readable } from 'node:stream';
import type { Context, Hono } from 'hono';
import { authorizeRepoPath, READ_ACCESS } from '../../../domain/api/pat-access.js';
import {
  findRepoArtifact,
  listRunArtifacts,
  openArtifactArchive,
} from '../../../domain/api/run-artifacts.js';
import { notFound } from '../../../domain/errors.js';
import type { ArtifactStore } from '../../../ports/artifact-store.js';
import { zipArtifact } from './artifact-zip.js';
import { patAuth } from './auth.js';
import type { PatApiDeps, PatEnv } from './deps.js';
import { pathId, readQuery } from './request.js';
import { artifactJson } from './serialise-artifact.js';

const BASE = '/api/v1/repos/:owner/:repo/actions';

export function mountArtifactRoutes(
  app: Hono<PatEnv>,
  deps: PatApiDeps & { artifacts: ArtifactStore },
): void {
  const auth = patAuth(deps);
  const readableRepo = (c: Context<PatEnv>) =>
    authorizeRepoPath(deps, {
      caller: c.get('caller'),
      repoPath: `${c.req.param('owner')}/${c.req.param('repo')}`,
      need: READ_ACCESS,
    });
  const artifactOf = async (c: Context<PatEnv>) => {
    readQuery(c, []);
    const repo = await readableRepo(c);
    const id = c.req.param('id');
    const artifactId = pathId(id, () => notFound('artifact.not_found', `artifact ${id} not found`));
    return { repo, ...(await findRepoArtifact(deps, { repoId: repo.id, artifactId })) };
  };

  app.get(`${BASE}/runs/:id/artifacts`, auth, async (c) => {
    const query = readQuery(c, ['name', 'per_page', 'page']);
    const repo = await readableRepo(c);
    const id = c.req.param('id');
    const missing = () => notFound('run.not_found', `run ${id} not found`);
    const run = await deps.runs.getRun(pathId(id, missing));
    if (run?.repoId !== repo.id) throw missing();
    const listing = await listRunArtifacts(deps, { runId: run.id, query });
    const ctx = { run, repo, baseUrl: deps.baseUrl, now: deps.clock.now() };
    return c.json({
      total_count: listing.totalCount,
      artifacts: listing.artifacts.map((artifact) => artifactJson(artifact, ctx)),
    });
  });

  app.get(`${BASE}/artifacts/:id`, auth, async (c) => {
    const { repo, run, artifact } = await artifactOf(c);
    return c.json(artifactJson(artifact, { run, repo, baseUrl: deps.baseUrl, now: deps.clock.now() }));
  });

  app.get(`${BASE}/artifacts/:id/zip`, auth, async (c) => {
    const { artifact } = await artifactOf(c);
    const opened = await openArtifactArchive(deps, artifact);
    if (opened.kind === 'expired')
      return c.json({ error: `artifact ${artifact.id} has expired`, code: 'artifact.expired' }, 410);
    const zip = Readable.toWeb(zipArtifact(opened.body, artifact.createdAt)) as ReadableStream<Uint8Array>;
    return c.body(zip, 200, {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="${encodeURIComponent(artifact.name)}.zip"; filename*=UTF-8''${encodeURIComponent(artifact.name)}.zip`,
    });
  });
}
