/** The repositories a web UI viewer may read (the home page, SPEC §17). */
import type { Repo, RepoRole } from '../../ports/model/forge.js';
import type { RepoStore } from '../../ports/repo-store.js';
import type { UserStore } from '../../ports/user-store.js';
import { repoPermission } from '../forge/repo-permission.js';
import type { Viewer } from './viewer-access.js';

const SCAN_PAGE = 200;

export interface VisibleRepos {
  /** The page of readable repositories, by owner then name. */
  repos: { repo: Repo; permission: RepoRole }[];
  /** Every readable repository, across all pages. */
  totalCount: number;
}

/**
 * Scans every repository (a full, paged scan: fine for the forge sizes this server is for)
 * and keeps those the viewer may read, by the same rule as everywhere (`repoPermission`).
 * Read-only.
 */
export async function listVisibleRepos(
  deps: { users: UserStore; repos: RepoStore },
  input: { viewer: Viewer; offset: number; limit: number },
): Promise<VisibleRepos> {
  const found: VisibleRepos['repos'] = [];
  let afterId = 0;
  for (;;) {
    const page = await deps.repos.listRepos(afterId, SCAN_PAGE);
    for (const repo of page) {
      const permission = await repoPermission(deps, { userId: input.viewer?.id ?? null, repo });
      if (permission !== null) found.push({ repo, permission });
    }
    if (page.length < SCAN_PAGE) break;
    afterId = page[page.length - 1]!.id;
  }
  const key = (r: Repo) => `${r.ownerName.toLowerCase()}/${r.name.toLowerCase()}`;
  found.sort((a, b) => (key(a.repo) < key(b.repo) ? -1 : key(a.repo) > key(b.repo) ? 1 : 0));
  return { repos: found.slice(input.offset, input.offset + input.limit), totalCount: found.length };
}
