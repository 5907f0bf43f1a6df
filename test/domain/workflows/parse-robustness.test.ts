/** Mangled workflow files always come back as diagnostics, never as an exception. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INTERNAL_ERROR, parseWorkflow } from '../../../src/domain/workflows/parse-workflow.js';
import { fixture } from './workflow-text.js';

const FIXTURES = readdirSync(join(import.meta.dirname, '../../fixtures/workflows'));
const NOISE = [
  ':',
  '-',
  ' ',
  '\n',
  '{',
  '}',
  '[',
  ']',
  "'",
  '"',
  '&a',
  '*a',
  '!',
  '$',
  '${{',
  '}}',
  '#',
  '\t',
  '?',
];

/** A small deterministic generator, so a failure can be replayed from its seed. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function mangle(text: string, seed: number): string {
  const next = generator(seed);
  let out = text;
  for (let edits = 1 + Math.floor(next() * 4); edits > 0; edits -= 1) {
    const at = Math.floor(next() * out.length);
    const kind = Math.floor(next() * 3);
    const noise = NOISE[Math.floor(next() * NOISE.length)] ?? '';
    if (kind === 0) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(next() * 8));
    else if (kind === 1) out = out.slice(0, at) + noise + out.slice(at);
    else out = out.slice(0, at) + out.slice(at, at + 20) + out.slice(at);
  }
  return out;
}

describe('parseWorkflow on mangled input', () => {
  it.each(FIXTURES)('never throws or hits the safety net for 150 mangled copies of %s', (name) => {
    const original = fixture(name);
    for (let seed = 1; seed <= 150; seed += 1) {
      const text = mangle(original, seed);
      const result = parseWorkflow(text, name);
      const messages = result.diagnostics.map((d) => d.message);
      expect(messages, `seed ${seed}`).not.toContain(INTERNAL_ERROR);
      expect(result.workflow === null, `seed ${seed}`).toBe(
        messages.length > 0 && result.diagnostics.some((d) => d.severity === 'error'),
      );
    }
  });
});
