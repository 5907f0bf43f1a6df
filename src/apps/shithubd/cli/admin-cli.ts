/** The `shithubd admin …` commands, generated from the admin command table. */
import {
  ADMIN_COMMAND_NAMES,
  ADMIN_COMMANDS,
  type AdminCommandName,
  type AdminResult,
} from '../admin/admin-commands.js';
import { flagOptions, inputFromFlags } from './admin-flags.js';
import { type CommandDef, OUTPUT_OPTION, print } from './command.js';

/** One command: flags from its schema, then check → open the admin API → call → print. */
function adminCliCommand<K extends AdminCommandName>(name: K): CommandDef {
  const command = ADMIN_COMMANDS[name];
  return {
    path: [...command.path],
    summary: command.summary,
    options: [...flagOptions(command.input), OUTPUT_OPTION],
    run: async (ctx, flags) => {
      const input = await inputFromFlags(command.input, flags, ctx.readStdin);
      const api = await ctx.openAdmin(flags);
      let result: AdminResult<K>;
      try {
        result = await api.call(name, input);
      } finally {
        await api.close();
      }
      print(ctx, flags, result, (value) => command.render(value));
      return 0;
    },
  };
}

/** Every admin command, in table order. */
export function adminCliCommands(): CommandDef[] {
  return ADMIN_COMMAND_NAMES.map(adminCliCommand);
}
