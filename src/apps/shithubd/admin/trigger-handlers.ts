/** Admin handlers for the trigger side: replaying a stored push event (`run-job workflow:trigger`). */
import { notFound } from '../../../domain/errors.js';
import { getRepoByPath } from '../../../domain/forge/repository.js';
import { processPushEvent } from '../../../domain/triggers/process-push-event.js';
import type { AdminHandler } from './admin-deps.js';
import { reqInt, reqString } from './input.js';

export const triggerHandlers: Record<string, AdminHandler> = {
  /**
   * Processes push event `event_id` of `repo` again, whatever its state: runs already created
   * for it are found (trigger id `push:<id>`), missing ones are created.
   */
  'workflow.trigger': async (deps, input) => {
    const repo = await getRepoByPath(deps, reqString(input, 'repo'));
    const eventId = reqInt(input, 'event_id');
    const event = await deps.pushEvents.getPushEvent(eventId);
    if (!event || event.repoId !== repo.id) {
      throw notFound(
        'push_event.not_found',
        `push event ${eventId} not found in ${repo.ownerName}/${repo.name}`,
      );
    }
    const outcome = await processPushEvent(deps, { eventId });
    const report = outcome.report;
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
};
