/** Concurrency groups resolved at enqueue. */
import { describe, expect, it } from 'vitest';
import { resolveConcurrency, resolveConcurrencyGroup } from '../../../src/domain/workflows/concurrency.js';
import { CONTEXT } from './expressions/context.js';
import { fixture, ONE_JOB, parseOk } from './workflow-text.js';

describe('resolveConcurrencyGroup', () => {
  it('resolves the workflow group and an expression for cancel-in-progress', () => {
    const wf = parseOk(fixture('node-ci-matrix.yml'));
    expect(resolveConcurrency(wf, undefined, CONTEXT)).toEqual({
      group: 'ci-refs/heads/main',
      cancelInProgress: false,
    });
    const dev = { ...CONTEXT, contexts: { ...CONTEXT.contexts, shithub: { ref: 'refs/heads/dev' } } };
    expect(resolveConcurrency(wf, undefined, dev)).toEqual({
      group: 'ci-refs/heads/dev',
      cancelInProgress: true,
    });
  });

  it("resolves a job's own group from inputs", () => {
    const wf = parseOk(fixture('dispatch-choice.yml'));
    const ctx = { contexts: { inputs: { environment: 'production' } } };
    expect(resolveConcurrencyGroup(wf, wf.jobs[0], ctx)).toBe('deploy-production');
    expect(resolveConcurrencyGroup(wf, undefined, ctx)).toBe('');
  });

  it('answers an empty group when none is declared', () => {
    expect(resolveConcurrencyGroup(parseOk(`on: push\n${ONE_JOB}`), undefined, CONTEXT)).toBe('');
  });

  it('never sees secrets, even when handed them', () => {
    const wf = parseOk(`concurrency: fixed\non: push\n${ONE_JOB}`);
    const sneaky = { ...wf, concurrency: { group: 'g-${{ secrets.TOKEN }}', cancelInProgress: false } };
    expect(resolveConcurrencyGroup(sneaky, undefined, CONTEXT)).toBe('g-');
  });

  it('keeps groups within 256 characters, distinct by a hash of the whole', () => {
    const wf = parseOk(`concurrency: 'g-\${{ inputs.who }}'\non: push\n${ONE_JOB}`);
    const long = (who: string) => resolveConcurrencyGroup(wf, undefined, { contexts: { inputs: { who } } });
    const a = long(`${'x'.repeat(300)}a`);
    const b = long(`${'x'.repeat(300)}b`);
    expect([a.length, b.length]).toEqual([256, 256]);
    expect(a).not.toBe(b);
    expect(a.startsWith(`g-${'x'.repeat(200)}`)).toBe(true);
  });
});
