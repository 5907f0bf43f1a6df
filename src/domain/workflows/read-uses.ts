/** The `uses:` of a step: what runners execute, and the `with:` keys each action accepts (SPEC §6). */
import { artifactActionOf } from '../artifacts/artifact-actions.js';
import type { DiagnosticList, PathSegment } from './diagnostics.js';
import { hasExpression } from './expressions/template.js';
import type { SupportedAction } from './model.js';
import type { RawStep } from './schema-steps.js';

/** The inputs of GitHub's `actions/checkout` (v2…v7 share them); the runner decides which it honours. */
export const CHECKOUT_INPUTS = [
  'repository',
  'ref',
  'token',
  'ssh-key',
  'ssh-known-hosts',
  'ssh-strict',
  'ssh-user',
  'persist-credentials',
  'path',
  'clean',
  'filter',
  'sparse-checkout',
  'sparse-checkout-cone-mode',
  'fetch-depth',
  'fetch-tags',
  'show-progress',
  'lfs',
  'submodules',
  'set-safe-directory',
  'github-server-url',
] as const;

/** Supported actions → the `with:` keys each accepts. */
export const SUPPORTED_ACTIONS: Readonly<Record<SupportedAction, readonly string[]>> = {
  'actions/checkout@v4': CHECKOUT_INPUTS,
  'shithub/upload-artifact@v1': [
    'name',
    'path',
    'retention-days',
    'if-no-files-found',
    'include-hidden-files',
    'compression-level',
  ],
  'shithub/download-artifact@v1': ['name', 'path', 'pattern', 'merge-multiple'],
};

const CHECKOUT = /^actions\/checkout@[A-Za-z0-9._/-]+$/;
const WORKFLOW_FILE = /^\.\/\.(shithub|github)\/workflows\/[^/]+\.ya?ml$/;

/**
 * What the runner executes for `uses:` (null after an error): `actions/checkout@v4` for checkout
 * at any ref (`@v2`, a tag, a 40-hex pin), `shithub/upload-artifact@v1` /
 * `shithub/download-artifact@v1` for those or GitHub's `actions/…-artifact` at `@v3`, `@v4` or
 * a 40-hex pin (`artifact-actions.ts`), or `./path` of a local action. Marketplace actions,
 * `docker://` images and workflow files are refused.
 */
export function readUses(raw: RawStep, path: readonly PathSegment[], out: DiagnosticList): string | null {
  const uses = raw.uses as string;
  const at = [...path, 'uses'];
  if (uses.startsWith('docker://')) {
    out.error(at, `docker actions are not supported ('${uses}'): use a job container: or a run step`);
    return null;
  }
  if (uses.startsWith('./')) return readLocalAction(uses, at, out);
  const artifact = artifactActionOf(uses);
  const action: string | null = CHECKOUT.test(uses)
    ? 'actions/checkout@v4'
    : artifact !== null
      ? `shithub/${artifact}-artifact@v1`
      : null;
  if (action === null) {
    out.error(at, unsupported(uses));
    return null;
  }
  checkInputs(raw.with ?? {}, uses, SUPPORTED_ACTIONS[action as SupportedAction], [...path, 'with'], out);
  return action;
}

function unsupported(uses: string): string {
  if (/^(actions|shithub)\/(upload|download)-artifact@/.test(uses))
    return `unsupported action '${uses}' (the artifact actions run at @v3, @v4 or a 40-hex commit; shithub/…@v1)`;
  return `unsupported action '${uses}'`;
}

function readLocalAction(uses: string, at: readonly PathSegment[], out: DiagnosticList): string | null {
  if (WORKFLOW_FILE.test(uses)) {
    out.error(at, "a reusable workflow is called by a job's 'uses:', not by a step");
    return null;
  }
  if (uses.split('/').includes('..')) {
    out.error(at, `a local action must stay inside the repository ('${uses}')`);
    return null;
  }
  return uses;
}

function checkInputs(
  inputs: Record<string, string>,
  uses: string,
  allowed: readonly string[],
  at: readonly PathSegment[],
  out: DiagnosticList,
): void {
  for (const [key, value] of Object.entries(inputs)) {
    if (!allowed.includes(key))
      out.error([...at, key], `unknown input '${key}' for ${uses} (known: ${allowed.join(', ')})`);
    if (hasExpression(value)) continue;
    if (key === 'fetch-depth' && !/^\d+$/.test(value))
      out.error([...at, key], 'fetch-depth must be a whole number');
    if (key === 'retention-days' && !/^\s*\d+\s*$/.test(value))
      out.error([...at, key], 'retention-days must be a whole number of days');
    if (key === 'if-no-files-found' && !['warn', 'error', 'ignore'].includes(String(value).trim()))
      out.error([...at, key], 'if-no-files-found must be warn, error or ignore');
  }
}
