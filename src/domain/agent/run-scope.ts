/** What every step of one job shares: the claim, where it runs, and its state so far. */
import type { AssignedJob } from '../../ports/model/assignment.js';
import type { JobChannel } from './job-channel.js';
import type { JobContainerSetup } from './job-setup.js';
import type { JobState } from './job-state.js';

export interface RunScope {
  runnerId: number;
  job: AssignedJob;
  /** Host paths of the job's workspace and runner folder (`JobFolders`). */
  workspace: string;
  shared: string;
  state: JobState;
  /** The job's token chain: every call for the job goes through it. */
  channel: JobChannel;
  /** The job container and network its steps run with; absent or null: the runner's defaults. */
  containers?: JobContainerSetup | null;
}
