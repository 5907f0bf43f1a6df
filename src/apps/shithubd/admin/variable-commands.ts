/** `shithubd admin var set|list|delete`: configuration variables (the `vars` context). */
import * as v from 'valibot';
import { invalid } from '../../../domain/errors.js';
import type { SecretScopeRef } from '../../../domain/forge/secrets.js';
import { deleteVariable, listVariables, setVariable } from '../../../domain/forge/variables.js';
import { renderRecord, renderTable } from '../cli/text.js';
import { adminCommand, iso } from './admin-command.js';
import { adminInput, optional, stdinText, text } from './input-fields.js';

const ONE_SCOPE = 'give exactly one of --repo or --org';
const SCOPE = {
  repo: optional(text('<owner/name>', 'repository')),
  org: optional(text('<name>', 'organisation (instead of --repo)')),
};
const hasOneScope = (i: { repo?: string; org?: string }) => (i.repo === undefined) !== (i.org === undefined);

/** The scope the schema's check let through (the throw is for a caller that skipped it). */
function scopeOf({ repo, org }: { repo?: string; org?: string }): SecretScopeRef {
  if (repo !== undefined && org === undefined) return { repoPath: repo };
  if (org !== undefined && repo === undefined) return { orgName: org };
  throw invalid('admin.input_invalid', ONE_SCOPE);
}

export const variableCommands = {
  'var.set': adminCommand({
    path: ['admin', 'var', 'set'],
    summary: 'set a repository (or organisation) variable; the value is read from stdin',
    input: v.pipe(
      adminInput({
        ...SCOPE,
        name: text('<name>', 'variable name'),
        value: stdinText('the variable value', 'the variable value (standard input)'),
      }),
      v.partialCheck([['repo'], ['org']], hasOneScope, ONE_SCOPE),
    ),
    handle: async (deps, input) => {
      const { variable, created } = await setVariable(deps, {
        ...scopeOf(input),
        name: input.name,
        value: input.value,
      });
      return {
        name: variable.name,
        created,
        created_at: iso(variable.createdAt),
        updated_at: iso(variable.updatedAt),
      };
    },
    render: renderRecord,
  }),

  'var.list': adminCommand({
    path: ['admin', 'var', 'list'],
    summary: 'list variables with their values (variables are never secret)',
    input: v.pipe(adminInput(SCOPE), v.partialCheck([['repo'], ['org']], hasOneScope, ONE_SCOPE)),
    handle: async (deps, input) =>
      (await listVariables(deps, scopeOf(input))).map((variable) => ({
        name: variable.name,
        value: variable.value,
        created_at: iso(variable.createdAt),
        updated_at: iso(variable.updatedAt),
      })),
    render: (rows) => renderTable(rows, ['name', 'value', 'updated_at']),
  }),

  'var.delete': adminCommand({
    path: ['admin', 'var', 'delete'],
    summary: 'delete a variable',
    input: v.pipe(
      adminInput({ ...SCOPE, name: text('<name>', 'variable name') }),
      v.partialCheck([['repo'], ['org']], hasOneScope, ONE_SCOPE),
    ),
    handle: async (deps, input) => {
      await deleteVariable(deps, { ...scopeOf(input), name: input.name });
      return { name: input.name, deleted: true };
    },
    render: renderRecord,
  }),
};
