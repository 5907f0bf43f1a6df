/** Builds the `WorkflowJob`s and checks what spans jobs: `needs` and matrix job keys. */
import type { DiagnosticList } from './diagnostics.js';
import type { WorkflowJob } from './model.js';
import { type JobDefaults, readJob } from './read-job.js';
import { MAX_JOB_KEY_LENGTH, type RawJob } from './schema-jobs.js';

/** Reads the jobs in file order; `defaults` apply where a job sets no timeout or `defaults.run`. */
export function readJobs(
  raw: Record<string, RawJob>,
  defaults: JobDefaults,
  out: DiagnosticList,
): WorkflowJob[] {
  const combinations = new Map<string, number>();
  const jobs = Object.entries(raw).map(([key, rawJob]) => {
    const read = readJob(key, rawJob, defaults, out);
    if (read.combinations !== null) combinations.set(key, read.combinations);
    return read.job;
  });
  checkNeeds(jobs, out);
  checkExpandedKeys(jobs, combinations, out);
  return jobs;
}
/** Every need names another job, and following needs never leads back to a job. */
function checkNeeds(jobs: readonly WorkflowJob[], out: DiagnosticList): void {
  const byKey = new Map(jobs.map((job) => [job.key, job]));
  for (const job of jobs) {
    job.needs.forEach((need, i) => {
      if (need === job.key) out.error(['jobs', job.key, 'needs', i], `job '${job.key}' cannot need itself`);
      else if (!byKey.has(need)) out.error(['jobs', job.key, 'needs', i], `unknown job '${need}'`);
    });
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (key: string, trail: string[]): void => {
    if (state.get(key) === 'done') return;
    if (state.get(key) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(key)), key];
      out.error(['jobs', key, 'needs'], `needs form a cycle: ${cycle.join(' → ')}`);
      return;
    }
    state.set(key, 'visiting');
    for (const need of byKey.get(key)?.needs ?? [])
      if (need !== key && byKey.has(need)) visit(need, [...trail, key]);
    state.set(key, 'done');
  };
  for (const job of jobs) visit(job.key, []);
}

/** Matrix combinations become `<key>-<n>`: those keys must be free and short enough. */
function checkExpandedKeys(
  jobs: readonly WorkflowJob[],
  combinations: ReadonlyMap<string, number>,
  out: DiagnosticList,
): void {
  const plain = new Set(jobs.filter((job) => !combinations.has(job.key)).map((job) => job.key));
  for (const [key, count] of combinations) {
    const last = `${key}-${count}`;
    if (count > 0 && last.length > MAX_JOB_KEY_LENGTH) {
      out.error(
        ['jobs', key],
        `matrix job keys like '${last}' would exceed ${MAX_JOB_KEY_LENGTH} characters`,
      );
    }
    for (let n = 1; n <= count; n += 1) {
      if (plain.has(`${key}-${n}`))
        out.error(
          ['jobs', `${key}-${n}`],
          `job key '${key}-${n}' is taken by a combination of matrix job '${key}'`,
        );
    }
  }
}
