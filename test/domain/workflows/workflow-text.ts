/** Helpers for workflow tests: indented YAML literals, fixtures and parse shortcuts. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Workflow } from '../../../src/domain/workflows/model.js';
import { INTERNAL_ERROR, parseWorkflow } from '../../../src/domain/workflows/parse-workflow.js';

/** Removes the indentation common to all non-blank lines, and the first and last blank lines. */
export function yml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = String.raw({ raw: strings }, ...values)
    .replace(/^\n/, '')
    .replace(/\n[ \t]*$/, '\n');
  const indents = text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => /^ */.exec(l)?.[0].length ?? 0);
  const cut = Math.min(...indents);
  return text
    .split('\n')
    .map((l) => l.slice(cut))
    .join('\n');
}

/** A minimal valid job, for cases that only vary `on:` or top-level keys. */
export const ONE_JOB = yml`
  jobs:
    build:
      runs-on: ubuntu-latest
      steps:
        - run: make
`;

export function fixture(name: string): string {
  return readFileSync(join(import.meta.dirname, '../../fixtures/workflows', name), 'utf8');
}

/** Parses text that must be valid; fails the test with the diagnostics otherwise. */
export function parseOk(text: string, file = '.shithub/workflows/test.yml'): Workflow {
  const result = parseWorkflow(text, file);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(result.workflow).not.toBeNull();
  return result.workflow as Workflow;
}

/** Parses text that must be refused; checks no input reaches the internal-error safety net. */
export function parseErrors(text: string) {
  const result = parseWorkflow(text, '.shithub/workflows/test.yml');
  expect(result.workflow).toBeNull();
  expect(result.diagnostics.map((d) => d.message)).not.toContain(INTERNAL_ERROR);
  return result.diagnostics;
}
