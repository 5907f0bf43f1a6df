/**
 * Paths a workflow gives the artifact actions (`path:`), read as paths inside the job's
 * workspace: relative to it, or absolute under the workspace as the step sees it
 * (`/workspace/dist` in a container, `${{ github.workspace }}/dist`). Anything else — another
 * absolute path, `~`, a `..` segment — is refused: the runner writes and reads only the
 * workspace (SPEC §13).
 */
import { invalid } from '../errors.js';

/**
 * The path relative to the workspace, normalised (`./a//b/` → `a/b`, the workspace itself
 * → ''), or invalid `artifact.path_outside_workspace`. `stepWorkspace` is the workspace as
 * the step sees it.
 */
export function workspacePath(text: string, stepWorkspace: string): string {
  const trimmed = text.trim();
  const root = stepWorkspace.replace(/\/+$/, '');
  let rest = trimmed;
  if (trimmed === root) rest = '';
  else if (trimmed.startsWith(`${root}/`)) rest = trimmed.slice(root.length + 1);
  else if (trimmed.startsWith('/') || trimmed.startsWith('~')) throw outside(trimmed);
  const segments = rest.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..') || rest.includes('\0')) throw outside(trimmed);
  return segments.join('/');
}

function outside(path: string) {
  return invalid(
    'artifact.path_outside_workspace',
    `path ${JSON.stringify(path)} is outside the workspace: artifacts are read from and written to the workspace only`,
  );
}
