/** The job-side stores admin commands use (queue, running jobs, recovery). */
// biome-ignore lint/complexity/noBannedTypes: filled in when the job stores are wired
export type JobAdminDeps = {};
