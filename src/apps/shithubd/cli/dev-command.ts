/** `shithubd dev`: the embedded quick start (SPEC §2.1); see ../dev.ts. */
import type { ServerConfig } from '../config.js';
import type { CliIo, CommandDef, Flags } from './command.js';

/** The command, given how the CLI loads the server configuration from its flags. */
export function devCommand(load: (io: CliIo, flags: Flags) => ServerConfig): CommandDef {
  return {
    path: ['dev'],
    summary: 'quick start: serve + an in-process runner, an admin user and PAT, a demo repository',
    options: [
      { flags: '--listen <host:port>', description: 'bind address (default 127.0.0.1:8080)' },
      {
        flags: '--image <ref>',
        description: 'step image with Docker/Podman (default SHITHUB_DEV_IMAGE, else ubuntu:24.04)',
      },
    ],
    run: async (ctx, flags) => {
      const config = load(ctx, flags);
      const { runDev } = await import('../dev.js');
      const stopped = new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      const image = typeof flags.image === 'string' && flags.image !== '' ? flags.image : undefined;
      await runDev(config, { stdout: ctx.stdout, env: ctx.env, stopped, ...(image ? { image } : {}) });
      return 0;
    },
  };
}
