/**
 * A repository's artifacts with a PAT (issue #10 item 3): GitHub's listing and artifact shapes,
 * the zip download holding the uploaded bytes, 410 once expired, 404 for what the caller may not
 * see (a private repository included), and 4xx for bad input.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { MemoryObjectStore } from '../../../../src/adapters/memory/object-store.js';
import type { Artifact } from '../../../../src/ports/model/artifact.js';
import type { Repo } from '../../../../src/ports/model/forge.js';
import { archiveOf, sha256 } from '../../../support/artifact-archive.js';
import { unzip } from '../../../support/unzip.js';
import { makePatWorld, type PatWorld } from './pat-world.js';

type Json = Record<string, unknown>;
const DAY_MS = 86_400_000;

describe('PAT API: run artifacts', () => {
  let w: PatWorld;
  let token: string;
  let repo: Repo;
  let runId: number;

  beforeEach(async () => {
    w = makePatWorld();
    ({ token } = await w.userWithToken('ada'));
    repo = await w.repo('ada', 'app');
    runId = (await w.enqueue(repo.id)).run.id;
  });

  /** A stored artifact of `run` with its archive in the object store. */
  async function artifact(name: string, files: Record<string, string>, over: Partial<Artifact> = {}) {
    const archive = archiveOf(files, ['bin/tool']);
    const id = w.state.nextId('workflow_artifacts');
    const now = w.clock.now();
    const row: Artifact = {
      id,
      runId,
      jobId: null,
      name,
      objectKey: `actions/runs/${runId}/artifacts/${id}.shar`,
      byteCount: archive.length,
      sha256: sha256(archive),
      status: 'ready',
      receivedBytes: archive.length,
      retentionDays: 90,
      createdAt: now,
      updatedAt: now,
      expiresAt: new Date(now.getTime() + 90 * DAY_MS),
      ...over,
    };
    w.state.tables.artifacts.set(id, row);
    await (w.deps.objects as MemoryObjectStore).put(
      row.objectKey,
      (async function* () {
        yield archive;
      })(),
      archive.length,
    );
    return row;
  }
  const get = (path: string, as = token) => w.call('GET', path, { token: as });

  it("lists a run's finished artifacts in GitHub's shape, by name and by page", async () => {
    const dist = await artifact('dist', { 'app.js': '1' });
    await artifact('logs', { 'a.log': '2' });
    await artifact('half', { x: '3' }, { status: 'uploading' });
    const res = await get(`/api/v1/repos/ada/app/actions/runs/${runId}/artifacts`);
    expect(res.status).toBe(200);
    const body = res.json as { total_count: number; artifacts: Json[] };
    expect(body.total_count).toBe(2);
    const url = `https://shithub.test/api/v1/repos/ada/app/actions/artifacts/${dist.id}`;
    expect(body.artifacts[0]).toEqual({
      id: dist.id,
      node_id: expect.any(String),
      name: 'dist',
      size_in_bytes: dist.byteCount,
      url,
      archive_download_url: `${url}/zip`,
      expired: false,
      digest: `sha256:${dist.sha256}`,
      created_at: dist.createdAt.toISOString(),
      updated_at: dist.updatedAt.toISOString(),
      expires_at: dist.expiresAt.toISOString(),
      workflow_run: {
        id: runId,
        repository_id: repo.id,
        head_repository_id: repo.id,
        head_branch: 'trunk',
        head_sha: expect.any(String),
      },
    });
    const byName = await get(`/api/v1/repos/ada/app/actions/runs/${runId}/artifacts?name=logs`);
    expect((byName.json as { artifacts: Json[] }).artifacts.map((a) => a.name)).toEqual(['logs']);
    const page = await get(`/api/v1/repos/ada/app/actions/runs/${runId}/artifacts?per_page=1&page=2`);
    expect(page.json).toMatchObject({ total_count: 2, artifacts: [{ name: 'logs' }] });
    expect((await get(`/api/v1/repos/ada/app/actions/artifacts/${dist.id}`)).json).toEqual(body.artifacts[0]);
  });

  it('downloads the artifact as a zip holding the same bytes, with the executable bit', async () => {
    const big = 'x'.repeat(200_000);
    const a = await artifact('dist', {
      'app.js': 'console.log(1)\n',
      'bin/tool': '#!/bin/sh\n',
      'deep/er/big.txt': big,
    });
    const res = await w.app.request(`/api/v1/repos/ada/app/actions/artifacts/${a.id}/zip`, {
      headers: { authorization: `token ${token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toContain('filename="dist.zip"');
    const entries = unzip(new Uint8Array(await res.arrayBuffer()));
    expect(entries.map((e) => [e.path, e.bytes.toString(), e.mode.toString(8)])).toEqual([
      ['app.js', 'console.log(1)\n', '100644'],
      ['bin/tool', '#!/bin/sh\n', '100755'],
      ['deep/er/big.txt', big, '100644'],
    ]);
  });

  it('answers 410 for an expired artifact, still listed as expired', async () => {
    const a = await artifact('old', { a: 'a' }, { expiresAt: new Date(w.clock.now().getTime() - 1) });
    const zip = await get(`/api/v1/repos/ada/app/actions/artifacts/${a.id}/zip`);
    expect([zip.status, (zip.json as Json).code]).toEqual([410, 'artifact.expired']);
    expect((await get(`/api/v1/repos/ada/app/actions/artifacts/${a.id}`)).json).toMatchObject({
      expired: true,
    });
  });

  it("hides a private repository's artifacts from outsiders and answers 404 for other repositories' ids", async () => {
    const secret = await w.repo('ada', 'secret', true);
    runId = (await w.enqueue(secret.id)).run.id;
    const a = await artifact('dist', { a: 'a' });
    const outsider = (await w.userWithToken('eve', ['repo:read'])).token;
    for (const path of [`runs/${runId}/artifacts`, `artifacts/${a.id}`, `artifacts/${a.id}/zip`]) {
      const res = await get(`/api/v1/repos/ada/secret/actions/${path}`, outsider);
      expect([res.status, (res.json as Json).code]).toEqual([404, 'repo.not_found']);
    }
    const reader = (await w.userWithToken('bob', ['repo:read'])).token;
    await w.grant(secret, 'bob', 'read');
    expect((await get(`/api/v1/repos/ada/secret/actions/artifacts/${a.id}/zip`, reader)).status).toBe(200);
    // The id belongs to ada/secret, not ada/app.
    expect((await get(`/api/v1/repos/ada/app/actions/artifacts/${a.id}`)).json).toMatchObject({
      code: 'artifact.not_found',
    });
  });

  it.each([
    ['a run id of 0', 'runs/0/artifacts', 404, 'run.not_found'],
    ['a run id past 2^53', 'runs/99999999999999999999/artifacts', 404, 'run.not_found'],
    ['a run id that is no number', 'runs/abc/artifacts', 404, 'run.not_found'],
    ['an artifact id of -1', 'artifacts/-1', 404, 'artifact.not_found'],
    ['an artifact id past 2^53', 'artifacts/99999999999999999999/zip', 404, 'artifact.not_found'],
    ['an unknown query parameter', 'runs/RUN/artifacts?sort=asc', 400, 'request.query_invalid'],
    ['a page of 0', 'runs/RUN/artifacts?page=0', 400, 'request.query_invalid'],
    ['per_page past 100', 'runs/RUN/artifacts?per_page=101', 400, 'request.query_invalid'],
    ['a query on one artifact', 'artifacts/1?x=1', 400, 'request.query_invalid'],
  ])('refuses %s', async (_name, path, status, code) => {
    const res = await get(`/api/v1/repos/ada/app/actions/${path.replace('RUN', String(runId))}`);
    expect([res.status, (res.json as Json).code]).toEqual([status, code]);
    expect((res.json as Json).error).toEqual(expect.any(String));
    expect(w.errors).toEqual([]);
  });

  it('needs a token', async () => {
    const res = await w.call('GET', `/api/v1/repos/ada/app/actions/runs/${runId}/artifacts`);
    expect([res.status, (res.json as Json).code]).toEqual([401, 'token.required']);
  });
});
