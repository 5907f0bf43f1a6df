/** `shithubd admin user|org|token|repo|secret|actions …` — the forge side of administration. */
import {
  boolFlag,
  type CommandDef,
  callAdmin,
  OUTPUT_OPTION,
  print,
  stringFlag,
  UsageError,
} from './command.js';
import { renderRecord, renderTable } from './text.js';

/** Reads a value from stdin, dropping one trailing newline (as `echo` or a heredoc adds). */
async function readValue(readStdin: () => Promise<string>, what: string): Promise<string> {
  const value = (await readStdin()).replace(/\r?\n$/, '');
  if (value === '') throw new UsageError(`${what} must be given on standard input`);
  return value;
}

export const forgeCommands: CommandDef[] = [
  {
    path: ['admin', 'user', 'create'],
    summary: 'create a user (password, if any, read from stdin)',
    options: [
      { flags: '--name <name>', description: 'user name' },
      { flags: '--admin', description: 'make the user a site administrator' },
      { flags: '--password-stdin', description: 'read a web UI password from standard input' },
      OUTPUT_OPTION,
    ],
    run: async (ctx, flags) => {
      const name = stringFlag(flags, 'name', '--name', true);
      const password = boolFlag(flags, 'passwordStdin')
        ? await readValue(ctx.readStdin, 'the password')
        : undefined;
      const value = await callAdmin(ctx, flags, 'user.create', {
        name,
        admin: boolFlag(flags, 'admin'),
        password,
      });
      print(ctx, flags, value, renderRecord);
      return 0;
    },
  },
  {
    path: ['admin', 'org', 'create'],
    summary: 'create an organisation that can own repositories',
    options: [{ flags: '--name <name>', description: 'organisation name' }, OUTPUT_OPTION],
    run: async (ctx, flags) => {
      const value = await callAdmin(ctx, flags, 'org.create', {
        name: stringFlag(flags, 'name', '--name', true),
      });
      print(ctx, flags, value, renderRecord);
      return 0;
    },
  },
  {
    path: ['admin', 'token', 'create'],
    summary: 'mint a personal access token, printed once',
    options: [
      { flags: '--user <name>', description: 'owner of the token' },
      { flags: '--scopes <csv>', description: 'repo:read, repo:write, admin' },
      { flags: '--name <name>', description: 'a label for the token' },
      { flags: '--expires-in <duration>', description: 'lifetime such as 90d (default: never)' },
      OUTPUT_OPTION,
    ],
    run: async (ctx, flags) => {
      const value = await callAdmin(ctx, flags, 'token.create', {
        user: stringFlag(flags, 'user', '--user', true),
        scopes: stringFlag(flags, 'scopes', '--scopes', true),
        name: stringFlag(flags, 'name', '--name'),
        expires_in: stringFlag(flags, 'expiresIn', '--expires-in'),
      });
      print(ctx, flags, value, (v) => `${renderRecord(v)}\nStore this token now: it is shown only once.\n`);
      return 0;
    },
  },
  {
    path: ['admin', 'repo', 'create'],
    summary: 'create a repository (bare git repository + row)',
    options: [
      { flags: '--owner <name>', description: 'owning user or organisation' },
      { flags: '--name <name>', description: 'repository name' },
      { flags: '--private', description: 'only collaborators can read it' },
      { flags: '--default-branch <branch>', description: 'default branch (default trunk)' },
      OUTPUT_OPTION,
    ],
    run: async (ctx, flags) => {
      const value = await callAdmin(ctx, flags, 'repo.create', {
        owner: stringFlag(flags, 'owner', '--owner', true),
        name: stringFlag(flags, 'name', '--name', true),
        private: boolFlag(flags, 'private'),
        default_branch: stringFlag(flags, 'defaultBranch', '--default-branch'),
      });
      print(ctx, flags, value, renderRecord);
      return 0;
    },
  },
  {
    path: ['admin', 'repo', 'collaborator', 'add'],
    summary: 'grant a user read, write or admin on a repository',
    options: [
      { flags: '--repo <owner/name>', description: 'repository' },
      { flags: '--user <name>', description: 'user' },
      { flags: '--role <role>', description: 'read, write or admin' },
      OUTPUT_OPTION,
    ],
    run: async (ctx, flags) => {
      const value = await callAdmin(ctx, flags, 'repo.collaborator_add', {
        repo: stringFlag(flags, 'repo', '--repo', true),
        user: stringFlag(flags, 'user', '--user', true),
        role: stringFlag(flags, 'role', '--role', true),
      });
      print(ctx, flags, value, renderRecord);
      return 0;
    },
  },
  {
    path: ['admin', 'secret', 'set'],
    summary: 'set a repository (or organisation) secret; the value is read from stdin',
    options: [
      { flags: '--repo <owner/name>', description: 'repository' },
      { flags: '--org <name>', description: 'organisation (instead of --repo)' },
      { flags: '--name <name>', description: 'secret name' },
      OUTPUT_OPTION,
    ],
    run: async (ctx, flags) => {
      const scope = secretScope(flags);
      const name = stringFlag(flags, 'name', '--name', true);
      const value = await readValue(ctx.readStdin, 'the secret value');
      const result = await callAdmin(ctx, flags, 'secret.set', { ...scope, name, value });
      print(ctx, flags, result, renderRecord);
      return 0;
    },
  },
  {
    path: ['admin', 'secret', 'list'],
    summary: 'list secret names and dates (never values)',
    options: [
      { flags: '--repo <owner/name>', description: 'repository' },
      { flags: '--org <name>', description: 'organisation (instead of --repo)' },
      OUTPUT_OPTION,
    ],
    run: async (ctx, flags) => {
      const result = await callAdmin(ctx, flags, 'secret.list', secretScope(flags));
      print(ctx, flags, result, (v) => renderTable(v, ['name', 'created_at', 'updated_at']));
      return 0;
    },
  },
  {
    path: ['admin', 'secret', 'delete'],
    summary: 'delete a secret',
    options: [
      { flags: '--repo <owner/name>', description: 'repository' },
      { flags: '--org <name>', description: 'organisation (instead of --repo)' },
      { flags: '--name <name>', description: 'secret name' },
      OUTPUT_OPTION,
    ],
    run: async (ctx, flags) => {
      const name = stringFlag(flags, 'name', '--name', true);
      const result = await callAdmin(ctx, flags, 'secret.delete', { ...secretScope(flags), name });
      print(ctx, flags, result, renderRecord);
      return 0;
    },
  },
  {
    path: ['admin', 'actions', 'policy'],
    summary: 'switch Actions on or off for the site, an organisation or a repository',
    options: [
      { flags: '--site', description: 'the site-wide switch' },
      { flags: '--org <name>', description: 'an organisation' },
      { flags: '--repo <owner/name>', description: 'a repository' },
      { flags: '--state <state>', description: 'enabled, disabled or inherit (omit to show)' },
      OUTPUT_OPTION,
    ],
    run: async (ctx, flags) => {
      const site = boolFlag(flags, 'site');
      const org = stringFlag(flags, 'org', '--org');
      const repo = stringFlag(flags, 'repo', '--repo');
      if ([site, org !== undefined, repo !== undefined].filter(Boolean).length !== 1) {
        throw new UsageError('give exactly one of --site, --org or --repo');
      }
      const result = await callAdmin(ctx, flags, 'actions.policy', {
        site,
        org,
        repo,
        state: stringFlag(flags, 'state', '--state'),
      });
      print(ctx, flags, result, renderRecord);
      return 0;
    },
  },
];

function secretScope(flags: Record<string, unknown>): { repo?: string; org?: string } {
  const repo = stringFlag(flags, 'repo', '--repo');
  const org = stringFlag(flags, 'org', '--org');
  if ((repo === undefined) === (org === undefined))
    throw new UsageError('give exactly one of --repo or --org');
  return repo !== undefined ? { repo } : { org };
}
