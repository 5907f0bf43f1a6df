/** Users, tokens, repositories, collaborators, secrets, variables and policy through the real CLI on PGlite. */
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliRunner, jsonOf } from '../support/cli.js';
import { seedEmbeddedDatabase } from '../support/pglite-snapshot.js';

describe('admin forge commands on the embedded database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shithub-forge-cli-'));
  const cli = cliRunner(dir);

  beforeAll(() => seedEmbeddedDatabase(dir));

  it('creates a user, a PAT printed once, and a repository with its bare git folder', async () => {
    expect((await cli(['admin', 'user', 'create', '--name', 'mfwolffe', '--admin'])).code).toBe(0);
    const token = jsonOf<Record<string, unknown>>(
      await cli([
        'admin',
        'token',
        'create',
        '--user',
        'mfwolffe',
        '--scopes',
        'repo:read,repo:write',
        '--output',
        'json',
      ]),
    );
    expect(token).toMatchObject({ user: 'mfwolffe', scopes: ['repo:read', 'repo:write'] });
    expect(String(token.token)).toMatch(/^shp_[0-9a-f]{64}$/);
    const repo = jsonOf(
      await cli(['admin', 'repo', 'create', '--owner', 'mfwolffe', '--name', 'scratch', '--output', 'json']),
    );
    expect(repo).toMatchObject({ full_name: 'mfwolffe/scratch', private: false, default_branch: 'trunk' });
    const gitDir = join(dir, 'repos', 'mfwolffe', 'scratch.git');
    expect(readFileSync(join(gitDir, 'HEAD'), 'utf8').trim()).toBe('ref: refs/heads/trunk');
  });

  it('grants a collaborator a role and refuses an unknown role', async () => {
    await cli(['admin', 'user', 'create', '--name', 'alice']);
    const ok = jsonOf(
      await cli([
        'admin',
        'repo',
        'collaborator',
        'add',
        '--repo',
        'mfwolffe/scratch',
        '--user',
        'alice',
        '--role',
        'write',
        '--output',
        'json',
      ]),
    );
    expect(ok).toMatchObject({ role: 'write' });
    const bad = await cli([
      'admin',
      'repo',
      'collaborator',
      'add',
      '--repo',
      'mfwolffe/scratch',
      '--user',
      'alice',
      '--role',
      'owner',
    ]);
    expect(bad.code).toBe(2);
  });

  it('stores a secret from stdin encrypted at rest and never prints its value', async () => {
    const value = 'S41J-smoke-value-do-not-print';
    const set = await cli(
      ['admin', 'secret', 'set', '--repo', 'mfwolffe/scratch', '--name', 'S41J_SECRET_SMOKE'],
      `${value}\n`,
    );
    expect(set.code).toBe(0);
    expect(set.stdout + set.stderr).not.toContain(value);
    const listed = jsonOf<{ name: string }[]>(
      await cli(['admin', 'secret', 'list', '--repo', 'mfwolffe/scratch', '--output', 'json']),
    );
    expect(listed.map((s) => s.name)).toEqual(['S41J_SECRET_SMOKE']);
    expect(JSON.stringify(listed)).not.toContain(value);
    expect(statSync(join(dir, 'totp.key')).mode & 0o777).toBe(0o600);
    const del = await cli([
      'admin',
      'secret',
      'delete',
      '--repo',
      'mfwolffe/scratch',
      '--name',
      's41j_secret_smoke',
    ]);
    expect(del.code).toBe(0);
    expect(
      jsonOf(await cli(['admin', 'secret', 'list', '--repo', 'mfwolffe/scratch', '--output', 'json'])),
    ).toEqual([]);
  });

  it('refuses an empty secret value and a bad secret name', async () => {
    const empty = await cli(['admin', 'secret', 'set', '--repo', 'mfwolffe/scratch', '--name', 'X'], '');
    expect(empty.code).toBe(2);
    const badName = await cli(
      ['admin', 'secret', 'set', '--repo', 'mfwolffe/scratch', '--name', '1BAD'],
      'v',
    );
    expect(badName.code).toBe(2);
    expect(
      jsonOf(await cli(['admin', 'secret', 'list', '--repo', 'mfwolffe/scratch', '--output', 'json'])),
    ).toEqual([]);
  });

  it('sets a variable from stdin, lists it with its value, replaces it by name in any case and deletes it', async () => {
    const scope = ['--repo', 'mfwolffe/scratch'];
    const set = jsonOf<{ name: string; created: boolean }>(
      await cli(['admin', 'var', 'set', ...scope, '--name', 'REGION', '--output', 'json'], 'eu\n'),
    );
    expect(set).toMatchObject({ name: 'REGION', created: true });
    const again = await cli(['admin', 'var', 'set', ...scope, '--name', 'region', '--output', 'json'], 'us');
    expect(jsonOf(again)).toMatchObject({ name: 'region', created: false });
    const listed = jsonOf<{ name: string; value: string }[]>(
      await cli(['admin', 'var', 'list', ...scope, '--output', 'json']),
    );
    expect(listed.map((v) => [v.name, v.value])).toEqual([['region', 'us']]);
    expect((await cli(['admin', 'var', 'set', ...scope, '--name', 'GITHUB_X'], 'v')).code).toBe(2);
    expect((await cli(['admin', 'var', 'delete', ...scope, '--name', 'REGION'])).code).toBe(0);
    expect((await cli(['admin', 'var', 'delete', ...scope, '--name', 'REGION'])).code).toBe(1);
    expect(jsonOf(await cli(['admin', 'var', 'list', ...scope, '--output', 'json']))).toEqual([]);
  });

  it('switches the Actions policy per repository, with the site switch winning', async () => {
    const off = jsonOf(
      await cli([
        'admin',
        'actions',
        'policy',
        '--repo',
        'mfwolffe/scratch',
        '--state',
        'disabled',
        '--output',
        'json',
      ]),
    );
    expect(off).toMatchObject({ scope: 'repo', state: 'disabled', effective_enabled: false });
    await cli(['admin', 'actions', 'policy', '--repo', 'mfwolffe/scratch', '--state', 'enabled']);
    await cli(['admin', 'actions', 'policy', '--site', '--state', 'disabled']);
    const shown = jsonOf(
      await cli(['admin', 'actions', 'policy', '--repo', 'mfwolffe/scratch', '--output', 'json']),
    );
    expect(shown).toMatchObject({ state: 'enabled', effective_enabled: false });
    const bad = await cli(['admin', 'actions', 'policy', '--site', '--state', 'inherit']);
    expect(bad.code).toBe(2);
  });

  it('answers an unknown repository with exit 1 and creates nothing', async () => {
    const result = await cli([
      'admin',
      'repo',
      'collaborator',
      'add',
      '--repo',
      'nobody/nothing',
      '--user',
      'alice',
      '--role',
      'read',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('nobody/nothing');
    expect(existsSync(join(dir, 'repos', 'nobody'))).toBe(false);
  });
});

describe('configuration seeds the site policy of a new database', () => {
  it('takes actions.enabled=false from the environment, and the stored switch wins afterwards', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shithub-seed-cli-'));
    // A migrated, empty database: the site policy row is written by the first command.
    await seedEmbeddedDatabase(dir);
    const off = cliRunner(dir, { SHITHUB_ACTIONS__ENABLED: 'false' });
    expect(jsonOf(await off(['admin', 'actions', 'policy', '--site', '--output', 'json']))).toMatchObject({
      state: 'disabled',
      effective_enabled: false,
    });
    await off(['admin', 'actions', 'policy', '--site', '--state', 'enabled']);
    const shown = jsonOf(await off(['admin', 'actions', 'policy', '--site', '--output', 'json']));
    expect(shown).toMatchObject({ state: 'enabled', effective_enabled: true });
  });
});
