/**
 * How a `run:` step's `shell:` runs (GitHub's shells on Linux). The engine runs `bash -e -o
 * pipefail -c <script>` or `sh -e -c <script>`; `python` and custom `{0}` templates get
 * their script written to a file in the job's temp folder and run by a small `sh` script
 * that first checks the program is there (a clear message, exit 127, when the image lacks
 * it). `pwsh`, `powershell` and `cmd` are refused: steps run on Linux images. Directories
 * from `$GITHUB_PATH` are put in front of PATH by the first line of the script, since the
 * image's own PATH is only known inside the container.
 */

/** The variable carrying `$GITHUB_PATH` directories (joined by `:`) into the step. */
export const PATH_PREFIX_VAR = 'SHITHUB_PATH_PREFIX';

export type ShellPlan =
  | {
      kind: 'run';
      shell: 'bash' | 'sh';
      script: string;
      /** A script file to write first (host path), for `python` and `{0}` templates. */
      file?: { path: string; text: string };
    }
  | { kind: 'refused'; message: string };

const REFUSED = new Set(['pwsh', 'powershell', 'cmd']);
const TEMPLATES: Record<string, string> = { python: 'python {0}' };

/**
 * The plan for `shell` ('' = bash). `scriptFile` is where a script file goes, as the host
 * and as the step see it; `pathPrefix` the `$GITHUB_PATH` directories (empty: no change).
 */
export function planShell(
  shell: string,
  script: string,
  scriptFile: { host: string; step: string },
  pathPrefix: readonly string[],
): ShellPlan {
  const name = shell.trim();
  const prelude = pathPrefix.length > 0 ? `PATH="$${PATH_PREFIX_VAR}:$PATH"; export PATH\n` : '';
  if (name === '' || name === 'bash') return { kind: 'run', shell: 'bash', script: prelude + script };
  if (name === 'sh') return { kind: 'run', shell: 'sh', script: prelude + script };
  if (REFUSED.has(name.toLowerCase()))
    return refuse(
      `shell '${name}' is not supported: steps run on Linux (use bash, sh, python or a command with {0})`,
    );
  const template = TEMPLATES[name] ?? name;
  if (!template.includes('{0}'))
    return refuse(
      `shell '${name}' is not supported: use bash, sh, python or a command with {0} for the script file`,
    );
  const program = template.trim().split(/\s+/)[0] ?? '';
  const command = template.split('{0}').join(`'${scriptFile.step}'`);
  const wrapper =
    `${prelude}command -v ${program} >/dev/null 2>&1 || ` +
    `{ echo "shithub-runner: the shell program '${program}' is not installed in this image" >&2; exit 127; }\n` +
    `exec ${command}\n`;
  return { kind: 'run', shell: 'sh', script: wrapper, file: { path: scriptFile.host, text: script } };
}

function refuse(message: string): ShellPlan {
  return { kind: 'refused', message };
}
