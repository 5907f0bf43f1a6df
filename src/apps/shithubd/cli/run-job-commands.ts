/** `shithubd admin run-job <job>` — run one background job by hand (replay, repair). */
import type { Json } from '../../../ports/admin-api.js';
import { type CommandDef, callAdmin, idFlag, OUTPUT_OPTION, print, stringFlag } from './command.js';
import { renderRecord, renderTable } from './text.js';

function renderTrigger(value: Json): string {
  const { runs = [], refused, invalid_files, ...rest } = value as Record<string, Json>;
  const reason =
    refused && typeof refused === 'object' && !Array.isArray(refused) ? refused['message'] : null;
  return (
    renderRecord({ ...rest, refused: reason ?? null, invalid_files: invalid_files ?? [] }) +
    renderTable(runs, ['id', 'run_index', 'workflow_file', 'status', 'created'])
  );
}

export const runJobCommands: CommandDef[] = [
  {
    path: ['admin', 'run-job', 'workflow:trigger'],
    summary: 'process a stored push event again (creates only the runs it is still missing)',
    options: [
      { flags: '--repo <owner/name>', description: 'repository of the push event' },
      { flags: '--event-id <id>', description: 'push event id' },
      OUTPUT_OPTION,
    ],
    run: async (ctx, flags) => {
      const value = await callAdmin(ctx, flags, 'workflow.trigger', {
        repo: stringFlag(flags, 'repo', '--repo', true),
        event_id: idFlag(flags, 'eventId', '--event-id', true),
      });
      print(ctx, flags, value, renderTrigger);
      return 0;
    },
  },
];
