/**
 * Text holding U+0000 on the PAT API, on the Drizzle stores: PostgreSQL cannot store or
 * compare it, so before these rules such requests reached a query and answered 500 (found
 * by the route fuzz). Names that cannot exist answer 404, query values and body strings
 * holding NUL answer 400, and nothing is stored.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../../src/adapters/http/app.js';
import type { PatApiDeps } from '../../../../src/adapters/http/pat-api/deps.js';
import { MemoryMetrics } from '../../../../src/adapters/memory/metrics.js';
import { MemoryObjectStore } from '../../../../src/adapters/memory/object-store.js';
import type { OpenDatabase } from '../../../../src/adapters/postgres/database.js';
import { PgRunQueries } from '../../../../src/adapters/postgres/run-queries.js';
import { PgStepLogArchive } from '../../../../src/adapters/postgres/step-log-archive.js';
import { AesGcmSecretBox } from '../../../../src/adapters/system/secret-box.js';
import { buildPgStores } from '../../../../src/apps/shithubd/stores.js';
import { createRepo } from '../../../../src/domain/forge/repository.js';
import { listSecrets } from '../../../../src/domain/forge/secrets.js';
import { createUser } from '../../../../src/domain/forge/user.js';
import { createAccessToken } from '../../../../src/domain/tokens/personal-access-token.js';
import {
  describePostgres,
  openTestPglite,
  openTestPostgres,
  POSTGRES_SKIP_NOTE,
  resetDatabase,
} from '../../../support/databases.js';
import { FakeClock } from '../../../support/fake-clock.js';
import { FakeGitRepositories, FakePasswordHasher } from '../../../support/forge-world.js';
import { plannedRun } from '../../../support/job-seed.js';
import { SeqRandom } from '../../../support/seq-random.js';

function describeOn(name: string, open: () => Promise<OpenDatabase>) {
  describe(`PAT API text holding NUL on ${name}`, () => {
    let db: OpenDatabase;
    let deps: PatApiDeps;
    let errors: unknown[];
    let token: string;
    beforeAll(async () => {
      db = await open();
    });
    afterAll(async () => {
      await db?.close();
    });
    beforeEach(async () => {
      await resetDatabase(db);
      const clock = new FakeClock(new Date('2026-01-01T00:00:00Z'));
      deps = {
        ...buildPgStores(db.db),
        runQueries: new PgRunQueries(db.db),
        stepLogs: new PgStepLogArchive(db.db),
        objects: new MemoryObjectStore(),
        secretBox: new AesGcmSecretBox(new Uint8Array(32).fill(7)),
        gitRepos: new FakeGitRepositories(),
        clock,
        random: new SeqRandom(),
        metrics: new MemoryMetrics(),
        runnerStaleAfterMs: 60_000,
        baseUrl: 'https://shithub.test',
      };
      await createUser({ ...deps, passwordHasher: new FakePasswordHasher() }, { name: 'ada' });
      token = (await createAccessToken(deps, { userName: 'ada', scopes: ['admin'] })).token;
      const repo = await createRepo(deps, { ownerName: 'ada', name: 'pub' });
      await deps.runs.enqueueRun(plannedRun(repo.id), clock.now());
      errors = [];
    });

    const call = async (method: string, path: string, body?: unknown) => {
      const app = createApp({
        logger: { error: (f) => errors.push(f) },
        pingDatabase: async () => {},
        patApi: deps,
      });
      const res = await app.request(path, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, json: await res.json().catch(() => undefined) };
    };

    it.each([
      ['an owner', '/api/v1/repos/a%00b/pub/actions/runs'],
      ['a repository', '/api/v1/repos/ada/%00/actions/runs/1'],
      ['the repository of a job', '/api/v1/repos/ada/p%00ub/actions/jobs/1/logs'],
      ['the repository of the secrets', '/api/v1/repos/ada/pub%00/actions/secrets'],
    ])('answers 404 repo.not_found for %s name holding NUL', async (_, path) => {
      const res = await call('GET', path);
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ code: 'repo.not_found' });
      expect(errors).toEqual([]);
    });

    it.each(['event', 'head_ref', 'workflow_file', 'actor', 'status'])(
      'answers 400 request.query_invalid for a %s filter holding NUL',
      async (key) => {
        const res = await call('GET', `/api/v1/repos/ada/pub/actions/runs?${key}=x%00y`);
        expect(res.status).toBe(400);
        expect(res.json).toEqual({
          error: `query parameter ${key} must not contain NUL characters`,
          code: 'request.query_invalid',
        });
        expect(errors).toEqual([]);
      },
    );

    it('answers 400 to a secret value holding NUL, which no step environment can carry, and stores nothing', async () => {
      const res = await call('PUT', '/api/v1/repos/ada/pub/actions/secrets/TOKEN', { value: 'a\u0000b' });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({
        error: 'value: must not contain NUL characters',
        code: 'request.body_invalid',
      });
      expect(await listSecrets(deps, { repoPath: 'ada/pub' })).toEqual([]);
    });

    it('answers 400 secret.name_invalid to deleting a secret whose name holds NUL', async () => {
      const res = await call('DELETE', '/api/v1/repos/ada/pub/actions/secrets/A%00B');
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ code: 'secret.name_invalid' });
      expect(errors).toEqual([]);
    });

    it('answers 400 to a new repository whose default branch holds NUL', async () => {
      const res = await call('POST', '/api/v1/user/repos', { name: 'fresh', default_branch: 'a\u0000' });
      expect(res.status).toBe(400);
      expect(await deps.repos.getRepoByPath('ada', 'fresh')).toBeUndefined();
    });
  });
}

describeOn('PGlite', openTestPglite);

describePostgres(`PAT API text holding NUL on PostgreSQL${POSTGRES_SKIP_NOTE}`, () => {
  describeOn('PostgreSQL', () => openTestPostgres(4));
});
