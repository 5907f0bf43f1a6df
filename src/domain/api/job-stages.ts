/** The order a run's jobs can run in, from their `needs` (the run page's ordered list, SPEC §17). */
import type { Job } from '../../ports/model/run.js';

/**
 * Jobs in stages: stage 1 needs nothing, stage n+1 needs something of stage n at most. A
 * job whose needs cannot be resolved (an unknown key, a cycle) lands in the last stage.
 * Job order is kept inside a stage.
 */
export function stageJobs<J extends Pick<Job, 'jobKey' | 'needsJobs'>>(jobs: readonly J[]): J[][] {
  const byKey = new Map<string, J[]>();
  for (const job of jobs) byKey.set(job.jobKey, [...(byKey.get(job.jobKey) ?? []), job]);
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (key: string): number => {
    const known = depth.get(key);
    if (known !== undefined) return known;
    const group = byKey.get(key);
    if (!group || visiting.has(key)) return Number.POSITIVE_INFINITY;
    visiting.add(key);
    const needs = group[0]?.needsJobs ?? [];
    const d = needs.length === 0 ? 0 : 1 + Math.max(...needs.map(depthOf));
    visiting.delete(key);
    depth.set(key, d);
    return d;
  };
  const finite = jobs.map((j) => depthOf(j.jobKey)).filter(Number.isFinite);
  const lastStage = finite.length === 0 ? 0 : Math.max(...finite) + 1;
  const stages: J[][] = [];
  for (const job of jobs) {
    const d = depthOf(job.jobKey);
    const index = Number.isFinite(d) ? d : lastStage;
    const stage = stages[index] ?? [];
    stage.push(job);
    stages[index] = stage;
  }
  return stages.filter((s) => s !== undefined);
}
