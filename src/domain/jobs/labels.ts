/** Matching a job's requested labels against a runner's labels (SPEC §9.1). */

/** True when every requested label is on the runner; an empty request matches any runner. */
export function matchesLabels(runsOn: readonly string[], runnerLabels: readonly string[]): boolean {
  return runsOn.every((label) => runnerLabels.includes(label));
}

/** The requested label set as the API and `admin runner queue` print it (`a,b`; `(none)`). */
export function formatRunsOn(runsOn: readonly string[]): string {
  return runsOn.length === 0 ? '(none)' : runsOn.join(',');
}
