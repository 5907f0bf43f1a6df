import type { PullRequest } from '../../ports/model/trigger.js';
import type { NewPullRequest, PullRequestPatch, PullRequestStore } from '../../ports/pull-request-store.js';
import type { MemoryState } from './state.js';

/** `PullRequestStore` over the in-memory database. */
export class MemoryPullRequestStore implements PullRequestStore {
  constructor(private readonly state: MemoryState) {}

  createPullRequest(input: NewPullRequest): Promise<PullRequest> {
    return this.state.transaction((tables) => {
      for (const repoId of [input.baseRepoId, input.headRepoId]) {
        if (!tables.repos.has(repoId)) throw new Error(`repo ${repoId} does not exist`);
      }
      const numbers = [...tables.pullRequests.values()]
        .filter((pr) => pr.baseRepoId === input.baseRepoId)
        .map((pr) => pr.number);
      const pr: PullRequest = {
        ...input,
        id: this.state.nextId('pull_requests'),
        number: Math.max(0, ...numbers) + 1,
        state: 'open',
        triggeredSha: null,
        updatedAt: input.createdAt,
        closedAt: null,
      };
      tables.pullRequests.set(pr.id, pr);
      return { ...pr };
    });
  }

  async getPullRequest(baseRepoId: number, number: number): Promise<PullRequest | undefined> {
    const found = this.all().find((pr) => pr.baseRepoId === baseRepoId && pr.number === number);
    return found && { ...found };
  }

  async getPullRequestById(id: number): Promise<PullRequest | undefined> {
    const found = this.state.tables.pullRequests.get(id);
    return found && { ...found };
  }

  async listByBase(baseRepoId: number, limit: number): Promise<PullRequest[]> {
    return this.all()
      .filter((pr) => pr.baseRepoId === baseRepoId)
      .sort((a, b) => b.number - a.number)
      .slice(0, limit)
      .map((pr) => ({ ...pr }));
  }

  async listOpenByHead(headRepoId: number, headBranch: string): Promise<PullRequest[]> {
    return this.all()
      .filter((pr) => pr.state === 'open' && pr.headRepoId === headRepoId && pr.headBranch === headBranch)
      .map((pr) => ({ ...pr }));
  }

  updatePullRequest(id: number, patch: PullRequestPatch, at: Date): Promise<PullRequest | undefined> {
    return this.state.transaction((tables) => {
      const pr = tables.pullRequests.get(id);
      if (!pr) return undefined;
      const next = { ...pr, ...patch, updatedAt: at };
      tables.pullRequests.set(id, next);
      return { ...next };
    });
  }

  async listUntriggered(updatedBefore: Date, limit: number): Promise<PullRequest[]> {
    return this.all()
      .filter(
        (pr) =>
          pr.state === 'open' &&
          pr.triggeredSha !== pr.headSha &&
          pr.updatedAt.getTime() <= updatedBefore.getTime(),
      )
      .slice(0, limit)
      .map((pr) => ({ ...pr }));
  }

  private all(): PullRequest[] {
    return [...this.state.tables.pullRequests.values()].sort((a, b) => a.id - b.id);
  }
}
