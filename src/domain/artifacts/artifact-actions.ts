/**
 * The artifact actions the runner implements itself (SPEC §6): GitHub's
 * `actions/upload-artifact` and `actions/download-artifact` at `@v3`, `@v4` (or a tag of
 * them like `@v4.6.0`) or pinned to a commit, and the `shithub/…@v1` aliases. v3 and v4 run
 * the same way here: v4's semantics (an artifact is written once; see artifact-inputs.ts).
 */

export type ArtifactAction = 'upload' | 'download';

const GITHUB = /^actions\/(upload|download)-artifact@(v[34](\.\d+){0,2}|[0-9a-f]{40})$/;
const ALIAS = /^shithub\/(upload|download)-artifact@v1$/;

/** Which artifact action `uses` names, or null for anything else. */
export function artifactActionOf(uses: string): ArtifactAction | null {
  const match = GITHUB.exec(uses.trim()) ?? ALIAS.exec(uses.trim());
  return match ? (match[1] as ArtifactAction) : null;
}
