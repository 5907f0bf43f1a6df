import { beforeAll, describe, expect, it } from 'vitest';
import { CliGitReader } from '../../../src/adapters/git/cli-git-reader.js';
import { gitFixture } from './git-fixture.js';

describe('CliGitReader on real repositories', () => {
  let fx: Awaited<ReturnType<typeof gitFixture>>;
  let reader: CliGitReader;
  const repo = { ownerName: 'ada', name: 'scratch' };
  let first = '';
  let second = '';

  beforeAll(async () => {
    fx = await gitFixture();
    reader = new CliGitReader(fx.repos);
    await fx.create('ada');
    first = await fx.commit(
      'ada',
      'scratch',
      'trunk',
      {
        '.shithub/workflows/a.yml': 'a: 1\n',
        '.shithub/workflows/b.yaml': 'b: 2\n',
        '.shithub/workflows/sub/c.yml': 'c: 3\n',
        'README.md': '# hi\n',
        'big.txt': 'x'.repeat(5000),
      },
      'First\n\nwith a body',
    );
    second = await fx.commit('ada', 'scratch', 'trunk', {
      'README.md': '# changed\n',
      'src/new.ts': 'x',
      'big.txt': null,
    });
    await fx.commit('ada', 'scratch', 'feature', { 'f.txt': 'f' });
    await fx.tag('ada', 'scratch', 'v1', true);
    await fx.tag('ada', 'scratch', 'light', false);
  }, 60_000);

  it('lists branches and tags with annotated tags peeled to their commit', async () => {
    const refs = await reader.listRefs(repo);
    expect([...refs.keys()].sort()).toEqual([
      'refs/heads/feature',
      'refs/heads/trunk',
      'refs/tags/light',
      'refs/tags/v1',
    ]);
    expect(refs.get('refs/tags/v1')).toBe(refs.get('refs/heads/feature'));
    expect(refs.get('refs/heads/trunk')).toBe(second);
  });

  it('resolves branches, tags, full refs and commit ids, and nothing else', async () => {
    expect(await reader.resolveCommit(repo, 'trunk')).toEqual({ sha: second, ref: 'refs/heads/trunk' });
    expect(await reader.resolveCommit(repo, 'refs/heads/trunk')).toEqual({
      sha: second,
      ref: 'refs/heads/trunk',
    });
    expect((await reader.resolveCommit(repo, 'v1'))?.ref).toBe('refs/tags/v1');
    expect(await reader.resolveCommit(repo, first)).toEqual({ sha: first, ref: null });
    for (const bad of ['nope', '--all', 'trunk~1', 'trunk..feature', 'f'.repeat(40), 'HEAD@{0}']) {
      expect(await reader.resolveCommit(repo, bad)).toBeUndefined();
    }
  });

  it('lists the files directly in a folder, sorted', async () => {
    expect(await reader.listFiles(repo, first, '.shithub/workflows')).toEqual([
      '.shithub/workflows/a.yml',
      '.shithub/workflows/b.yaml',
    ]);
    expect(await reader.listFiles(repo, first, 'missing')).toEqual([]);
    expect(await reader.listFiles(repo, 'f'.repeat(40), '.shithub/workflows')).toEqual([]);
  });

  it('reads a file, refuses one over the limit without reading it, and says missing otherwise', async () => {
    expect(await reader.readFile(repo, first, '.shithub/workflows/a.yml', 100)).toEqual({
      kind: 'ok',
      text: 'a: 1\n',
    });
    expect(await reader.readFile(repo, first, 'big.txt', 4096)).toEqual({ kind: 'too_large', bytes: 5000 });
    expect(await reader.readFile(repo, second, 'big.txt', 10_000)).toEqual({ kind: 'missing' });
    expect(await reader.readFile(repo, first, '.shithub/workflows', 10_000)).toEqual({ kind: 'missing' });
  });

  it('lists changed paths between commits, null past the limit or for a new ref', async () => {
    expect(await reader.changedPaths(repo, { from: first, to: second }, 10)).toEqual([
      'README.md',
      'big.txt',
      'src/new.ts',
    ]);
    expect(await reader.changedPaths(repo, { from: first, to: second }, 2)).toBeNull();
    expect(await reader.changedPaths(repo, { from: '0'.repeat(40), to: second }, 10)).toBeNull();
    const feature = (await reader.resolveCommit(repo, 'feature'))?.sha ?? '';
    expect(await reader.changedPaths(repo, { from: second, to: feature, sinceMergeBase: true }, 10)).toEqual([
      'f.txt',
    ]);
  });

  it('reads a commit with its author and whole message', async () => {
    const commit = await reader.getCommit(repo, first);
    expect(commit).toMatchObject({
      id: first,
      message: 'First\n\nwith a body',
      author: { name: 'Ada Tester', email: 'ada@example.com' },
    });
    expect(commit?.timestamp).toBeInstanceOf(Date);
    expect(await reader.getCommit(repo, 'f'.repeat(40))).toBeUndefined();
  });
});
