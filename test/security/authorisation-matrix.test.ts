/**
 * The authorisation matrix (issue #12, security suite): every PAT route — the REST API and
 * the trigger routes — called by the owner, a collaborator with admin, write or read, an
 * outsider and an anonymous caller, on a public and on a private repository. Every caller but
 * the anonymous one presents a token with every scope, so the role alone decides; token
 * scopes are the token-abuse suite's. Each cell runs in a fresh world (pat-route-world.ts),
 * where the call is valid, so the status is the access decision:
 *
 *   2xx allowed · 401 no token · 403 visible but not allowed · 404 hidden (a private repository
 *   is a 404 to outsiders, exactly as a missing one) · 409 the owner forking into its own name.
 */
import { describe, expect, it } from 'vitest';
import {
  mountedPatRoutes,
  PAT_ROUTES,
  ROLES,
  seedPatRouteWorld,
  type Visibility,
} from './pat-route-world.js';

type Row = readonly [
  owner: number,
  admin: number,
  write: number,
  read: number,
  outsider: number,
  anonymous: number,
];

// biome-ignore format: one row per route, columns aligned for reading
const MATRIX: Record<string, { public: Row; private: Row }> = {
  //                                                                          owner adm  write read  out  anon
  'POST /api/v1/jobs/:id/cancel':                                   { public: [202, 202, 202, 403, 403, 401], private: [202, 202, 202, 403, 404, 401] },
  'POST /api/v1/runs/:id/cancel':                                   { public: [202, 202, 202, 403, 403, 401], private: [202, 202, 202, 403, 404, 401] },
  'POST /api/v1/runs/:id/rerun':                                    { public: [201, 201, 201, 403, 403, 401], private: [201, 201, 201, 403, 404, 401] },
  'POST /api/v1/runs/:id/pin':                                      { public: [200, 200, 200, 403, 403, 401], private: [200, 200, 200, 403, 404, 401] },
  'DELETE /api/v1/runs/:id/pin':                                    { public: [200, 200, 200, 403, 403, 401], private: [200, 200, 200, 403, 404, 401] },
  'POST /api/v1/runs/:id/approve':                                  { public: [200, 200, 200, 403, 403, 401], private: [200, 200, 200, 403, 404, 401] },
  'POST /api/v1/runs/:id/reject':                                   { public: [200, 200, 200, 403, 403, 401], private: [200, 200, 200, 403, 404, 401] },
  'GET /api/v1/repos/:owner/:repo/actions/runs':                    { public: [200, 200, 200, 200, 200, 401], private: [200, 200, 200, 200, 404, 401] },
  'GET /api/v1/repos/:owner/:repo/actions/runs/:id':                { public: [200, 200, 200, 200, 200, 401], private: [200, 200, 200, 200, 404, 401] },
  'GET /api/v1/repos/:owner/:repo/actions/runs/:id/jobs':           { public: [200, 200, 200, 200, 200, 401], private: [200, 200, 200, 200, 404, 401] },
  'GET /api/v1/repos/:owner/:repo/actions/jobs/:id':                { public: [200, 200, 200, 200, 200, 401], private: [200, 200, 200, 200, 404, 401] },
  'GET /api/v1/repos/:owner/:repo/actions/jobs/:id/annotations':    { public: [200, 200, 200, 200, 200, 401], private: [200, 200, 200, 200, 404, 401] },
  'GET /api/v1/repos/:owner/:repo/actions/jobs/:id/logs':           { public: [200, 200, 200, 200, 200, 401], private: [200, 200, 200, 200, 404, 401] },
  'GET /api/v1/repos/:owner/:repo/actions/secrets':                 { public: [200, 200, 403, 403, 403, 401], private: [200, 200, 403, 403, 404, 401] },
  'PUT /api/v1/repos/:owner/:repo/actions/secrets/:name':           { public: [204, 204, 403, 403, 403, 401], private: [204, 204, 403, 403, 404, 401] },
  'DELETE /api/v1/repos/:owner/:repo/actions/secrets/:name':        { public: [204, 204, 403, 403, 403, 401], private: [204, 204, 403, 403, 404, 401] },
  'GET /api/v1/repos/:owner/:repo/actions/variables':               { public: [200, 200, 403, 403, 403, 401], private: [200, 200, 403, 403, 404, 401] },
  'GET /api/v1/repos/:owner/:repo/actions/variables/:name':         { public: [200, 200, 403, 403, 403, 401], private: [200, 200, 403, 403, 404, 401] },
  'PUT /api/v1/repos/:owner/:repo/actions/variables/:name':         { public: [204, 204, 403, 403, 403, 401], private: [204, 204, 403, 403, 404, 401] },
  'DELETE /api/v1/repos/:owner/:repo/actions/variables/:name':      { public: [204, 204, 403, 403, 403, 401], private: [204, 204, 403, 403, 404, 401] },
  'POST /api/v1/repos/:owner/:repo/actions/workflows/:file/dispatches': { public: [204, 204, 204, 403, 403, 401], private: [204, 204, 204, 403, 404, 401] },
  'POST /:owner/:repo/actions/workflows/:file/dispatches':          { public: [204, 204, 204, 403, 403, 401], private: [204, 204, 204, 403, 404, 401] },
  'POST /api/v1/repos/:owner/:repo/forks':                          { public: [409, 202, 202, 202, 202, 401], private: [409, 202, 202, 202, 404, 401] },
  'POST /api/v1/repos/:owner/:repo/pulls':                          { public: [201, 201, 201, 201, 201, 401], private: [201, 201, 201, 201, 404, 401] },
  'GET /api/v1/repos/:owner/:repo/pulls/:number':                   { public: [200, 200, 200, 200, 200, 401], private: [200, 200, 200, 200, 404, 401] },
  'PATCH /api/v1/repos/:owner/:repo/pulls/:number':                 { public: [200, 200, 200, 403, 403, 401], private: [200, 200, 200, 403, 404, 401] },
  // The caller's own things: the repository's visibility does not enter; a token of the
  // owner (ada) is revoked only by ada.
  'POST /api/v1/user/repos':                                        { public: [201, 201, 201, 201, 201, 401], private: [201, 201, 201, 201, 201, 401] },
  'DELETE /api/v1/user/tokens/:id':                                 { public: [204, 404, 404, 404, 404, 401], private: [204, 404, 404, 404, 404, 401] },
};

describe('authorisation matrix: every PAT route × role × repository visibility', () => {
  it('has one row for every PAT route the server mounts, and a call for each', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(mountedPatRoutes().sort());
    expect(Object.keys(PAT_ROUTES).sort()).toEqual(mountedPatRoutes().sort());
  });

  const rows = Object.entries(MATRIX).flatMap(([route, row]) =>
    (['public', 'private'] as Visibility[]).map(
      (visibility) => [route, visibility, row[visibility]] as const,
    ),
  );
  it.each(rows)('%s on a %s repository', async (route, visibility, expected) => {
    const got: number[] = [];
    for (const role of ROLES) {
      const world = await seedPatRouteWorld(visibility);
      got.push((await world.call(route, role)).status);
      expect(world.errors, `${role}: no 500`).toEqual([]);
    }
    expect(Object.fromEntries(ROLES.map((r, i) => [r, got[i]]))).toEqual(
      Object.fromEntries(ROLES.map((r, i) => [r, expected[i]])),
    );
  });
});
