import { beforeAll, describe, expect, it } from 'vitest';
import { CliGitReader } from '../../../src/adapters/git/cli-git-reader.js';
import { CliGitTransfer } from '../../../src/adapters/git/cli-git-transfer.js';
import { gitFixture } from './git-fixture.js';

describe('CliGitTransfer on real repositories', () => {
  let fx: Awaited<ReturnType<typeof gitFixture>>;
  let transfer: CliGitTransfer;
  let reader: CliGitReader;
  const base = { ownerName: 'ada', name: 'scratch' };
  const fork = { ownerName: 'mallory', name: 'scratch' };

  beforeAll(async () => {
    fx = await gitFixture();
    transfer = new CliGitTransfer(fx.repos);
    reader = new CliGitReader(fx.repos);
    await fx.create('ada');
    await fx.commit('ada', 'scratch', 'trunk', { 'README.md': 'hi' });
    await fx.commit('ada', 'scratch', 'dev', { 'dev.txt': 'dev' });
    await fx.tag('ada', 'scratch', 'v1', true);
  }, 60_000);

  it('clones every branch and tag into a new repository with the default branch as HEAD', async () => {
    expect(await transfer.cloneRepository(base, fork, 'trunk')).toBe('created');
    expect(await reader.listRefs(fork)).toEqual(await reader.listRefs(base));
    expect(await transfer.cloneRepository(base, fork, 'trunk')).toBe('exists');
    const head = await fx.git.ok([
      '--git-dir',
      fx.repos.pathOf('mallory', 'scratch'),
      'symbolic-ref',
      'HEAD',
    ]);
    expect(head.trim()).toBe('refs/heads/trunk');
    const remotes = await fx.git.ok(['--git-dir', fx.repos.pathOf('mallory', 'scratch'), 'remote']);
    expect(remotes.trim()).toBe('');
  });

  it('copies a commit that no ref advertises any more into another repository', async () => {
    const orphan = await fx.commit('ada', 'scratch', 'gone', { 'gone.txt': 'x' });
    await fx.git.ok(['--git-dir', fx.repos.pathOf('ada', 'scratch'), 'update-ref', '-d', 'refs/heads/gone']);
    await transfer.copyCommit(base, fork, orphan, 'refs/pull/1/head');
    expect((await reader.resolveCommit(fork, 'refs/pull/1/head'))?.sha).toBe(orphan);
    await transfer.copyCommit(base, fork, orphan, 'refs/pull/1/head');
    await expect(transfer.copyCommit(base, fork, 'f'.repeat(40), 'refs/pull/2/head')).rejects.toThrow(
      /git fetch failed/,
    );
    await expect(transfer.copyCommit(base, fork, orphan, '--upload-pack=evil')).rejects.toThrow(
      /invalid ref/,
    );
  });
});
