/** Where a step is, as its expressions see it: workspace, temp folder, event file, hashFiles(). */
import type { ContainerEngine } from '../../ports/container-engine.js';
import type { StepFiles } from '../../ports/step-files.js';
import type { CheckStatus } from '../workflows/expressions/functions.js';
import { relativeFilePatterns } from './file-patterns.js';
import type { JobState } from './job-state.js';
import type { StepPlace } from './step-context.js';

/** The event payload as JSON in the job's runner folder (`GITHUB_EVENT_PATH`). */
export const EVENT_FILE = 'event.json';

/** Where the step is, as its expressions see it (`hashFiles()` included). */
export function stepPlace(
  deps: { engine: ContainerEngine; files: StepFiles },
  input: { workspace: string; shared: string; state: JobState; status: CheckStatus },
): StepPlace {
  const workspace = deps.engine.stepWorkspace(input.workspace);
  const shared = deps.engine.stepShared(input.shared);
  return {
    status: input.status,
    workspace,
    temp: `${shared}/temp`,
    eventPath: `${shared}/${EVENT_FILE}`,
    state: input.state,
    hashFiles: (patterns) => deps.files.hashFiles(input.workspace, relativeFilePatterns(patterns, workspace)),
  };
}
