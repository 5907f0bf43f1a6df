/**
 * Builds the `shithubd` command list — serve, dev, migrate, workflow check, and the admin
 * commands generated from the admin command table — and runs one invocation; returns the exit code.
 */
import type { ShithubAdminApi } from '../admin/admin-commands.js';
import { loadServerConfig } from '../config.js';
import { adminCliCommands } from './admin-cli.js';
import { type CliContext, type CliIo, type CommandDef, type Flags, stringFlag } from './command.js';
import { devCommand } from './dev-command.js';
import { dispatch } from './dispatch.js';
import { exitCodeFor, messageFor } from './exit-codes.js';
import { workflowCheckCommand } from './workflow-command.js';

function configFrom(io: CliIo, flags: Flags) {
  return loadServerConfig({
    configFlag: stringFlag(flags, 'config', '--config'),
    dataDirFlag: stringFlag(flags, 'dataDir', '--data-dir'),
    listenFlag: stringFlag(flags, 'listen', '--listen'),
    env: io.env,
    cwd: io.cwd,
  });
}

const migrateCommand: CommandDef = {
  path: ['migrate'],
  summary: 'apply the database migrations and exit',
  options: [],
  run: async (ctx, flags) => {
    const config = configFrom(ctx, flags);
    const { usePrivateUmask } = await import('../private-data-dir.js');
    usePrivateUmask();
    const { openConfiguredDatabase } = await import('../database.js');
    const db = await openConfiguredDatabase(config);
    await db.close();
    ctx.stdout(`migrations applied (${db.driver}${db.driver === 'pglite' ? ` in ${config.dataDir}` : ''})\n`);
    return 0;
  },
};

const serveCommand: CommandDef = {
  path: ['serve'],
  summary: 'run the server: HTTP API, health endpoints, and the admin socket on the embedded default',
  options: [{ flags: '--listen <host:port>', description: 'bind address (default 127.0.0.1:8080)' }],
  run: async (ctx, flags) => {
    const config = configFrom(ctx, flags);
    const { usePrivateUmask } = await import('../private-data-dir.js');
    usePrivateUmask();
    const { startServer } = await import('../serve.js');
    const server = await startServer(config);
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void server.close().then(resolve);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    return 0;
  },
};

export const COMMANDS: CommandDef[] = [
  serveCommand,
  devCommand(configFrom),
  migrateCommand,
  workflowCheckCommand,
  ...adminCliCommands(),
];

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const ctx: CliContext = {
    ...io,
    // Loaded on demand: the database drivers are heavy, and `--help` should be instant.
    openAdmin: async (flags: Flags): Promise<ShithubAdminApi> => {
      const config = configFrom(io, flags);
      const { openAdminApi } = await import('../admin/open-admin-api.js');
      return openAdminApi(config);
    },
  };
  try {
    return await dispatch('shithubd', COMMANDS, argv, ctx);
  } catch (err) {
    io.stderr(`error: ${messageFor(err)}\n`);
    return exitCodeFor(err);
  }
}
