/** The trigger side: replaying a stored push event (`admin run-job workflow:trigger`). */
import { notFound } from '../../../domain/errors.js';
import { getRepoByPath } from '../../../domain/forge/repository.js';
import { renderRecord, renderTable } from '../cli/text.js';
import { adminCommand } from './admin-command.js';
import { adminInput, positiveInt, text } from './input-fields.js';

export const triggerCommands = {
  'workflow.trigger': adminCommand({
    path: ['admin', 'run-job', 'workflow:trigger'],
    summary: 'process a stored push event again (creates only the runs it is still missing)',
    input: adminInput({
      repo: text('<owner/name>', 'repository of the push event'),
      event_id: positiveInt('<id>', 'push event id'),
    }),
    /**
     * Processes push event `event_id` of `repo` again, whatever its state: runs already created
     * for it are found (trigger id `push:<id>`), missing ones are created.
     */
    handle: async (deps, input) => {
      const repo = await getRepoByPath(deps, input.repo);
      const event = await deps.pushEvents.getPushEvent(input.event_id);
      if (!event || event.repoId !== repo.id) {
        throw notFound(
          'push_event.not_found',
          `push event ${input.event_id} not found in ${repo.ownerName}/${repo.name}`,
        );
      }
      // Loaded here, not at the top: the workflow parser behind it would slow every CLI start.
      const { processPushEvent } = await import('../../../domain/triggers/process-push-event.js');
      const report = (await processPushEvent(deps, { eventId: input.event_id })).report;
      return {
        event_id: event.id,
        repository: `${repo.ownerName}/${repo.name}`,
        ref: event.ref,
        head_sha: event.after,
        refused: report?.refusal ? { code: report.refusal.code, message: report.refusal.message } : null,
        runs: (report?.runs ?? []).map(({ file, run, created }) => ({
          id: run.id,
          run_index: run.runIndex,
          workflow_file: file,
          status: run.status,
          conclusion: run.conclusion,
          created,
        })),
        invalid_files: (report?.invalidFiles ?? []).map((f) => f.file),
      };
    },
    render: ({ runs, refused, invalid_files, ...rest }) =>
      renderRecord({ ...rest, refused: refused?.message ?? null, invalid_files }) +
      renderTable(runs, ['id', 'run_index', 'workflow_file', 'status', 'created']),
  }),
};
