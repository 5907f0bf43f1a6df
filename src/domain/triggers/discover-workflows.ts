/** Finding and parsing a commit's workflow files (SPEC §5: `.shithub/workflows/*.yml|*.yaml`). */
import type { GitReader } from '../../ports/git-reader.js';
import type { Repo } from '../../ports/model/forge.js';
import { MAX_WORKFLOW_BYTES } from '../workflows/load-yaml.js';
import type { ParsedWorkflow } from '../workflows/parse-workflow.js';
import { parseWorkflow } from '../workflows/parse-workflow.js';
import { GITHUB_WORKFLOWS_DIR, WORKFLOWS_DIR } from './trigger-request.js';

export interface DiscoveredWorkflow {
  /** Repository path (`.shithub/workflows/smoke.yml`). */
  file: string;
  parsed: ParsedWorkflow;
}

const WORKFLOW_FILE = /\.ya?ml$/;

type Deps = { git: GitReader };
type Options = { defaultTimeoutMinutes?: number };

/** Every workflow file at `sha`, in path order, parsed; files that fail carry their diagnostics. */
export async function discoverWorkflows(
  deps: Deps,
  input: { repo: Repo; sha: string } & Options,
): Promise<DiscoveredWorkflow[]> {
  const found: DiscoveredWorkflow[] = [];
  for (const file of await listWorkflowFiles(deps, input)) {
    const workflow = await readWorkflowFile(deps, { ...input, file });
    if (workflow) found.push(workflow);
  }
  return found;
}

/**
 * The workflow files at `sha`, in path order: those of `.shithub/workflows`, or when it holds
 * none those of `.github/workflows` (as Forgejo falls back from `.forgejo/` to `.github/`).
 */
export async function listWorkflowFiles(deps: Deps, input: { repo: Repo; sha: string }): Promise<string[]> {
  for (const dir of [WORKFLOWS_DIR, GITHUB_WORKFLOWS_DIR]) {
    const files = (await deps.git.listFiles(input.repo, input.sha, dir)).filter((p) => WORKFLOW_FILE.test(p));
    if (files.length > 0) return files;
  }
  return [];
}

/**
 * One workflow file at `sha`, parsed; undefined when it does not exist there. A file over
 * 64 KiB is not read at all: it comes back with a size diagnostic.
 */
export async function readWorkflowFile(
  deps: Deps,
  input: { repo: Repo; sha: string; file: string } & Options,
): Promise<DiscoveredWorkflow | undefined> {
  const read = await deps.git.readFile(input.repo, input.sha, input.file, MAX_WORKFLOW_BYTES);
  if (read.kind === 'missing') return undefined;
  if (read.kind === 'too_large') {
    const message = `workflow file is ${read.bytes} bytes; the limit is ${MAX_WORKFLOW_BYTES} bytes`;
    return {
      file: input.file,
      parsed: { workflow: null, diagnostics: [{ path: '', line: null, message, severity: 'error' }] },
    };
  }
  const options =
    input.defaultTimeoutMinutes === undefined ? {} : { defaultTimeoutMinutes: input.defaultTimeoutMinutes };
  return { file: input.file, parsed: parseWorkflow(read.text, input.file, options) };
}
