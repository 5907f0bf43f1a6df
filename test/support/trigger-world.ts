/**
 * A whole forge on memory adapters for trigger domain tests: every store, a fake clock and
 * git in memory, users and repositories made through the domain, and one-line helpers to
 * commit workflow files and push.
 */
import { MemoryMetrics } from '../../src/adapters/memory/metrics.js';
import { createRepo } from '../../src/domain/forge/repository.js';
import { createUser } from '../../src/domain/forge/user.js';
import { acceptPush } from '../../src/domain/triggers/accept-push.js';
import type { Repo, User } from '../../src/ports/model/forge.js';
import { FakeGit } from './fake-git.js';
import { makeMemoryDeps } from './memory-deps.js';

export function makeTriggerWorld() {
  const base = makeMemoryDeps();
  const git = new FakeGit();
  const metrics = new MemoryMetrics();
  let wakeUps = 0;
  const deps = { ...base, git, gitTransfer: git, metrics, onEnqueued: () => void wakeUps++ };
  return {
    deps,
    git,
    metrics,
    wakeUps: () => wakeUps,
    user: (name: string) => createUser(deps, { name }),
    repo: (owner: string, name = 'scratch', isPrivate = false) =>
      createRepo(deps, { ownerName: owner, name, isPrivate }),
    /** Commits `files` on `branch` and pushes it as `pusher`, processing the push at once. */
    push: async (repo: Repo, pusher: User | null, branch: string, files: Record<string, string | null>) => {
      const before = await git.listRefs(repo);
      const sha = git.commit(repo, branch, files);
      const accepted = await acceptPush(deps, {
        repo,
        pusherUserId: pusher?.id ?? null,
        before,
        after: await git.listRefs(repo),
      });
      return { sha, accepted };
    },
    state: () => base.state.tables,
    runs: () => [...base.state.tables.runs.values()].sort((a, b) => a.id - b.id),
    jobsOf: (runId: number) => [...base.state.tables.jobs.values()].filter((j) => j.runId === runId),
    stepsOf: (jobId: number) => [...base.state.tables.steps.values()].filter((s) => s.jobId === jobId),
  };
}

export type TriggerWorld = ReturnType<typeof makeTriggerWorld>;

export const SMOKE = `name: Smoke
on:
  push:
    branches: [trunk]
jobs:
  green:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Verify checkout
        run: test -f README.md || pwd
      - name: Smoke
        run: printf 'shithub actions smoke passed\\n'
`;

export const DISPATCH = `name: Deploy
on:
  workflow_dispatch:
    inputs:
      target:
        type: choice
        options: [staging, production]
        required: true
      dry:
        type: boolean
        default: true
jobs:
  deploy:
    runs-on: [self-hosted, linux]
    steps:
      - run: echo deploying
`;

export const PULL = `name: PR
on:
  pull_request:
    branches: [trunk]
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - run: echo checking
`;
