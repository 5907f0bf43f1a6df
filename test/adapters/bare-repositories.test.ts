import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BareGitRepositories } from '../../src/adapters/git/bare-repositories.js';

describe('BareGitRepositories (real git)', () => {
  let dataDir: string;
  let repos: BareGitRepositories;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'shithub-bare-'));
    repos = new BareGitRepositories(dataDir);
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates a bare repository at <data_dir>/repos/<owner>/<name>.git with HEAD on the default branch', async () => {
    expect(await repos.create('alice', 'tools', 'trunk')).toBe('created');
    const path = join(dataDir, 'repos', 'alice', 'tools.git');
    expect(repos.pathOf('alice', 'tools')).toBe(path);
    expect((await readFile(join(path, 'HEAD'), 'utf8')).trim()).toBe('ref: refs/heads/trunk');
    const { stdout } = await execa('git', ['--git-dir', path, 'rev-parse', '--is-bare-repository']);
    expect(stdout).toBe('true');
    expect(await repos.exists('alice', 'tools')).toBe(true);
  });

  it('answers exists and leaves an existing repository untouched', async () => {
    await repos.create('alice', 'tools', 'trunk');
    const marker = join(repos.pathOf('alice', 'tools'), 'description');
    await writeFile(marker, 'keep me');
    expect(await repos.create('alice', 'tools', 'main')).toBe('exists');
    expect(await readFile(marker, 'utf8')).toBe('keep me');
    expect((await readFile(join(repos.pathOf('alice', 'tools'), 'HEAD'), 'utf8')).trim()).toBe(
      'ref: refs/heads/trunk',
    );
  });

  it('removes a repository, and removing twice is fine', async () => {
    await repos.create('alice', 'tools', 'trunk');
    await repos.remove('alice', 'tools');
    await repos.remove('alice', 'tools');
    expect(await repos.exists('alice', 'tools')).toBe(false);
  });

  it('fails on a branch name git rejects and leaves nothing at the final path', async () => {
    await expect(repos.create('alice', 'tools', 'bad..name')).rejects.toThrow();
    expect(await repos.exists('alice', 'tools')).toBe(false);
  });

  it('answers exists for a plain directory already at the path', async () => {
    await mkdir(join(dataDir, 'repos', 'alice', 'tools.git'), { recursive: true });
    expect(await repos.create('alice', 'tools', 'trunk')).toBe('exists');
  });

  it.each([
    ['a parent-directory owner', '..', 'tools'],
    ['an owner with a slash', 'alice/../../etc', 'tools'],
    ['a dot-dot repository', 'alice', '..'],
    ['a repository with a slash', 'alice', 'a/b'],
    ['an empty repository name', 'alice', ''],
    ['a hidden owner', '.staging', 'x'],
  ])('refuses %s, so no path escapes the repositories root', async (_case, owner, name) => {
    expect(() => repos.pathOf(owner, name)).toThrow(/invalid repository/);
    await expect(repos.create(owner, name, 'trunk')).rejects.toThrow(/invalid repository/);
  });
});
