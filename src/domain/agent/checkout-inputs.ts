/**
 * The `uses: actions/checkout@v4` step (any ref of it arrives as `@v4`) and the `with:`
 * inputs this runner honours, decided per input (docs/workflow-language.md):
 * - `fetch-depth` (0 = full history), `ref` (a branch, tag, `refs/…` or commit of the same
 *   repository), `path` (a folder inside the workspace): honoured;
 * - `persist-credentials` (the token is never persisted anyway), `clean` (the workspace is
 *   always fresh), `show-progress`, `set-safe-directory`, `fetch-tags: false`, `lfs: false`,
 *   `submodules: false`, empty `sparse-checkout`/`filter`/`ssh-*`: accepted, no effect;
 * - `fetch-tags: true`, `github-server-url`: ignored with a warning line;
 * - `token`, `repository` (another repository), `submodules: true|recursive`, `lfs: true`,
 *   non-empty `sparse-checkout`/`filter`/`ssh-*`: the step fails, since doing them needs
 *   credentials or tools the runner does not hand out.
 */
import { invalid } from '../errors.js';

const CHECKOUT = /^actions\/checkout@v4(\.\d+){0,2}$/;
const MAX_DEPTH = 100_000;
const NO_EFFECT = new Set(['persist-credentials', 'clean', 'show-progress', 'set-safe-directory']);
const FALSE_ONLY = new Set(['submodules', 'lfs']);
const EMPTY_ONLY = new Set([
  'sparse-checkout',
  'sparse-checkout-cone-mode',
  'filter',
  'ssh-key',
  'ssh-known-hosts',
  'ssh-strict',
  'ssh-user',
]);

/** Whether `uses` names the checkout action this runner implements. */
export function isCheckoutAction(uses: string): boolean {
  return CHECKOUT.test(uses.trim());
}

export interface CheckoutInputs {
  fetchDepth: number;
  /** '' for the run's own commit. */
  ref: string;
  /** '' for the workspace itself; else a relative folder inside it. */
  path: string;
  /** Lines for the step log about inputs that have no effect here. */
  warnings: string[];
}

/** Reads `with:`. Throws DomainError invalid `checkout.input_invalid` for what cannot be honoured. */
export function checkoutInputs(inputs: Record<string, string>, repository = ''): CheckoutInputs {
  const read: CheckoutInputs = { fetchDepth: 1, ref: '', path: '', warnings: [] };
  for (const [name, raw] of Object.entries(inputs)) {
    const text = String(raw).trim();
    if (name === 'fetch-depth') read.fetchDepth = depthOf(text);
    else if (name === 'ref') read.ref = text;
    else if (name === 'path') read.path = pathOf(text);
    else if (name === 'fetch-tags' || name === 'github-server-url') {
      if (text !== '' && text !== 'false')
        read.warnings.push(`##[warning]actions/checkout input '${name}' is ignored by this runner`);
    } else if (name === 'repository') {
      if (text !== '' && text.toLowerCase() !== repository.toLowerCase())
        refuse(`cannot check out another repository (${text})`);
    } else if (FALSE_ONLY.has(name)) {
      if (text !== '' && text !== 'false') refuse(`input '${name}: ${text}' is not supported (only false)`);
    } else if (EMPTY_ONLY.has(name)) {
      if (text !== '') refuse(`input '${name}' is not supported`);
    } else if (!NO_EFFECT.has(name)) {
      refuse(`input '${name}' is not supported (only fetch-depth, ref, path and the no-op inputs)`);
    }
  }
  return read;
}

function depthOf(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > MAX_DEPTH)
    throw invalid('checkout.input_invalid', `fetch-depth must be an integer from 0 to ${MAX_DEPTH}`);
  return Number(text);
}

/** A relative folder that stays inside the workspace, normalised (`a/./b/` → `a/b`). */
function pathOf(text: string): string {
  const parts = text.split('/').filter((part) => part !== '' && part !== '.');
  if (text.startsWith('/') || text.includes('\0') || parts.includes('..'))
    refuse(`path '${text}' must be a folder inside the workspace`);
  return parts.join('/');
}

function refuse(message: string): never {
  throw invalid('checkout.input_invalid', `actions/checkout ${message}`);
}
