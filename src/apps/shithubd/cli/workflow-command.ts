/**
 * `shithubd workflow check FILE…`: a linter for workflow files. Each file is parsed exactly as
 * the server parses it (`checkWorkflowFile`) and every diagnostic is printed as
 * `file:line:col: severity: path: message`, or with `--output json` as one JSON array of
 * `FileDiagnostic`s. Exit 1 when any diagnostic is an error, 2 when a file cannot be read,
 * else 0 (warnings alone pass). It needs no configuration, server or database, and loads no
 * database driver: only the pure parser and `node:fs`.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  checkWorkflowFile,
  type FileDiagnostic,
  formatFileDiagnostic,
} from '../../../domain/workflows/check-workflow-file.js';
import { MAX_WORKFLOW_BYTES } from '../../../domain/workflows/load-yaml.js';
import { type CommandDef, OUTPUT_OPTION, outputFormat, UsageError } from './command.js';

/** Larger files are not read whole: the parser refuses them by size anyway. */
const READ_LIMIT_BYTES = MAX_WORKFLOW_BYTES * 4;

export const workflowCheckCommand: CommandDef = {
  path: ['workflow', 'check'],
  summary: 'check workflow files as the server parses them (file:line:col diagnostics; no server needed)',
  positionals: '<file...>',
  options: [OUTPUT_OPTION],
  run: async (ctx, flags, files) => {
    if (files.length === 0) throw new UsageError('name at least one workflow file');
    const diagnostics: FileDiagnostic[] = [];
    let unreadable = 0;
    for (const file of files) {
      const text = await readText(resolve(ctx.cwd, file));
      if (typeof text !== 'string') {
        ctx.stderr(`error: cannot read ${file}: ${text.reason}\n`);
        unreadable += 1;
        continue;
      }
      diagnostics.push(...checkWorkflowFile(file, text));
    }
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    if (outputFormat(flags) === 'json') ctx.stdout(`${JSON.stringify(diagnostics, null, 2)}\n`);
    else {
      for (const d of diagnostics) ctx.stdout(`${formatFileDiagnostic(d)}\n`);
      const warnings = diagnostics.length - errors;
      ctx.stderr(
        `${files.length - unreadable} file(s) checked: ${errors} error(s), ${warnings} warning(s)\n`,
      );
    }
    if (unreadable > 0) return 2;
    return errors > 0 ? 1 : 0;
  },
};

/** The file as UTF-8, or why it could not be read. A huge file is cut (the parser refuses it by size). */
async function readText(path: string): Promise<string | { reason: string }> {
  try {
    const bytes = await readFile(path);
    return bytes.subarray(0, READ_LIMIT_BYTES).toString('utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { reason: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : String(code) };
  }
}
