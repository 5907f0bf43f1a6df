/**
 * The web UI on memory adapters: the whole Hono app (PAT API and UI) over one MemoryState,
 * a fake clock, a fake git, and a small browser that keeps cookies and reads CSRF tokens out
 * of the pages it gets — so tests sign in and post forms the way a person would.
 */
import { createApp } from '../../../../src/adapters/http/app.js';
import type { UiDeps } from '../../../../src/adapters/http/ui/ui-deps.js';
import { MemoryRunQueries } from '../../../../src/adapters/memory/run-queries.js';
import { addCollaborator } from '../../../../src/domain/forge/collaborator.js';
import { createRepo } from '../../../../src/domain/forge/repository.js';
import { createUser } from '../../../../src/domain/forge/user.js';
import { checkRunsForRun } from '../../../../src/domain/triggers/check-runs.js';
import type { Repo, RepoRole } from '../../../../src/ports/model/forge.js';
import type { PlannedRun } from '../../../../src/ports/model/run.js';
import { FakeTimer } from '../../../support/agent/fake-timer.js';
import { FakeGit } from '../../../support/fake-git.js';
import { plannedRun } from '../../../support/job-seed.js';
import { makeMemoryDeps } from '../../../support/memory-deps.js';

export const PASSWORD = 'correct horse battery';

export interface Page {
  status: number;
  headers: Headers;
  text: string;
  /** Every `Set-Cookie` line of the answer. */
  setCookies: string[];
}

export function makeUiWorld(overrides: Partial<UiDeps> = {}) {
  const git = new FakeGit();
  const deps = { ...makeMemoryDeps(), git, gitTransfer: git };
  const ui: UiDeps = {
    ...deps,
    runQueries: new MemoryRunQueries(deps.state),
    timer: new FakeTimer(deps.clock),
    baseUrl: 'http://shithub.test',
    ...overrides,
  };
  const errors: unknown[] = [];
  const app = createApp({
    logger: { error: (f) => errors.push(f) },
    pingDatabase: async () => {},
    patApi: {
      ...ui,
      accessTokens: deps.accessTokens,
      secrets: deps.secrets,
      secretBox: null,
      gitRepos: deps.gitRepos,
      variables: deps.variables,
      annotations: deps.annotations,
    },
    ui,
  });

  /** A browser: a cookie jar and the CSRF token of the last page that had one. */
  function browser() {
    const jar = new Map<string, string>();
    let csrf = '';
    const request = async (
      method: string,
      path: string,
      init: { form?: Record<string, string>; headers?: Record<string, string> } = {},
    ): Promise<Page> => {
      const headers: Record<string, string> = { accept: 'text/html', ...init.headers };
      if (jar.size > 0) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      let body: string | undefined;
      if (init.form) {
        body = new URLSearchParams(init.form).toString();
        headers['content-type'] = 'application/x-www-form-urlencoded';
      }
      const res = await app.request(path, { method, headers, body });
      const setCookies = res.headers.getSetCookie();
      for (const line of setCookies) {
        const [pair, ...attrs] = line.split(';');
        const [name, value] = pair!.split('=') as [string, string];
        const expired = attrs.some((a) => /^\s*max-age=0/i.test(a));
        if (expired || value === '') jar.delete(name.trim());
        else jar.set(name.trim(), value);
      }
      const text = await res.text();
      const token = /name="csrf" value="([^"]+)"/.exec(text)?.[1];
      if (token) csrf = token;
      return { status: res.status, headers: res.headers, text, setCookies };
    };
    return {
      jar,
      get csrf() {
        return csrf;
      },
      get: (path: string, headers?: Record<string, string>) => request('GET', path, { headers }),
      /** Posts the form with the last CSRF token seen (pass `csrf` in `form` to override). */
      post: (path: string, form: Record<string, string> = {}) =>
        request('POST', path, { form: { csrf, ...form } }),
      async signIn(name: string, password = PASSWORD): Promise<Page> {
        await request('GET', '/login');
        return request('POST', '/login', { form: { csrf, name, password } });
      },
    };
  }

  async function user(name: string, opts: { admin?: boolean; password?: string | null } = {}) {
    const password = opts.password === undefined ? PASSWORD : (opts.password ?? undefined);
    return createUser(deps, { name, isAdmin: opts.admin ?? false, password });
  }

  /** A browser signed in as a new user. */
  async function signedIn(name: string, opts: { admin?: boolean } = {}) {
    await user(name, opts);
    const b = browser();
    const answer = await b.signIn(name);
    if (answer.status !== 303) throw new Error(`sign-in of ${name} failed: ${answer.status}`);
    await b.get('/');
    return b;
  }

  const repo = (owner: string, name: string, isPrivate = false) =>
    createRepo(deps, { ownerName: owner, name, isPrivate });

  const grant = (r: Repo, userName: string, role: RepoRole) =>
    addCollaborator(deps, { repoPath: `${r.ownerName}/${r.name}`, userName, role });

  /** Commits on the default branch and enqueues a push run on that commit, with its check runs. */
  async function pushRun(r: Repo, extra: Partial<PlannedRun> = {}) {
    const sha = git.commit(r, r.defaultBranch, { 'README.md': `# ${r.name}\n` }, 'Add the readme');
    const enqueued = await deps.runs.enqueueRun(
      plannedRun(r.id, { headSha: sha, ...extra }),
      deps.clock.now(),
    );
    await deps.checks.ensureCheckRuns(checkRunsForRun(enqueued.run, enqueued.jobs), deps.clock.now());
    return { ...enqueued, sha };
  }

  /** Stores a log chunk of a step as the runner API would. */
  function logChunk(stepId: number, seq: number, text: string) {
    deps.state.tables.logChunks.push({
      stepId,
      seq,
      chunk: new TextEncoder().encode(text),
      createdAt: deps.clock.now(),
    });
  }

  return { deps, ui, app, errors, browser, user, signedIn, repo, grant, pushRun, logChunk };
}

export type UiWorld = ReturnType<typeof makeUiWorld>;
