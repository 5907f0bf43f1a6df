/** matchTrigger: which events start which workflows. */
import { describe, expect, it } from 'vitest';
import { nextCronFire } from '../../../src/domain/workflows/cron.js';
import { matchTrigger, type TriggerEvent } from '../../../src/domain/workflows/triggers.js';
import { fixture, ONE_JOB, parseOk } from './workflow-text.js';

const wf = (on: string) => parseOk(`on: ${on}\n${ONE_JOB}`);
const push = (ref: string, changedPaths?: string[] | null): TriggerEvent => ({
  kind: 'push',
  ref,
  changedPaths,
});
const pr = (action: string, baseRef: string, changedPaths?: string[]): TriggerEvent => ({
  kind: 'pull_request',
  action,
  baseRef,
  changedPaths,
});

const CASES: [string, string, TriggerEvent, boolean][] = [
  ['a bare push matches any branch', 'push', push('refs/heads/x'), true],
  ['a bare push matches a tag', 'push', push('refs/tags/v1'), true],
  ['a push never matches a pull request', 'push', pr('opened', 'main'), false],
  ['a branch filter matches its branch', '{push: {branches: [main]}}', push('refs/heads/main'), true],
  ['a branch filter refuses other branches', '{push: {branches: [main]}}', push('refs/heads/dev'), false],
  ['a branch filter refuses tag pushes', '{push: {branches: [main]}}', push('refs/tags/main'), false],
  ['a tag filter refuses branch pushes', "{push: {tags: ['v*']}}", push('refs/heads/v1'), false],
  ['a tag filter matches its tag', "{push: {tags: ['v*']}}", push('refs/tags/v1.2'), true],
  [
    'branch and tag filters each judge their kind',
    "{push: {branches: [main], tags: ['v*']}}",
    push('refs/tags/v2'),
    true,
  ],
  [
    'branches-ignore lets other branches through',
    "{push: {branches-ignore: ['wip/**']}}",
    push('refs/heads/main'),
    true,
  ],
  [
    'branches-ignore stops its branches',
    "{push: {branches-ignore: ['wip/**']}}",
    push('refs/heads/wip/a/b'),
    false,
  ],
  [
    'branches-ignore refuses tag pushes',
    "{push: {branches-ignore: ['wip/**']}}",
    push('refs/tags/v1'),
    false,
  ],
  ['tags-ignore refuses branch pushes', "{push: {tags-ignore: ['*-rc']}}", push('refs/heads/main'), false],
  ['a ref that is neither branch nor tag', 'push', push('refs/notes/commits'), false],
  [
    'a path filter with a matching change',
    "{push: {paths: ['src/**']}}",
    push('refs/heads/main', ['src/a.ts']),
    true,
  ],
  [
    'a path filter with no matching change',
    "{push: {paths: ['src/**']}}",
    push('refs/heads/main', ['docs/a.md']),
    false,
  ],
  ['a path filter with unknown changes', "{push: {paths: ['src/**']}}", push('refs/heads/main', null), true],
  [
    'a path filter with an empty change list',
    "{push: {paths: ['src/**']}}",
    push('refs/heads/main', []),
    false,
  ],
  [
    'paths-ignore with only ignored changes',
    "{push: {paths-ignore: ['**.md']}}",
    push('refs/heads/main', ['a.md', 'b/c.md']),
    false,
  ],
  [
    'paths-ignore with one real change',
    "{push: {paths-ignore: ['**.md']}}",
    push('refs/heads/main', ['a.md', 'x.go']),
    true,
  ],
  [
    'path filters are skipped for tags',
    "{push: {paths: ['src/**']}}",
    push('refs/tags/v1', ['docs/a.md']),
    true,
  ],
  [
    'branch and path filters must both pass',
    "{push: {branches: [main], paths: ['src/**']}}",
    push('refs/heads/dev', ['src/a']),
    false,
  ],
  ['pull_request default types include opened', 'pull_request', pr('opened', 'main'), true],
  ['pull_request default types exclude closed', 'pull_request', pr('closed', 'main'), false],
  ['pull_request explicit types', '{pull_request: {types: [closed]}}', pr('closed', 'main'), true],
  [
    'pull_request branches match the base',
    '{pull_request: {branches: [main]}}',
    pr('synchronize', 'refs/heads/main'),
    true,
  ],
  [
    'pull_request branches refuse other bases',
    '{pull_request: {branches: [main]}}',
    pr('synchronize', 'refs/heads/dev'),
    false,
  ],
  ['pull_request paths', "{pull_request: {paths: ['api/**']}}", pr('opened', 'main', ['web/x']), false],
  ['dispatch when declared', 'workflow_dispatch', { kind: 'workflow_dispatch' }, true],
  ['dispatch when not declared', 'push', { kind: 'workflow_dispatch' }, false],
  [
    'a schedule naming a declared cron',
    "{schedule: [{cron: '0 3 * * *'}]}",
    { kind: 'schedule', cron: '0  3 * * *' },
    true,
  ],
  [
    'a schedule naming another cron',
    "{schedule: [{cron: '0 3 * * *'}]}",
    { kind: 'schedule', cron: '0 4 * * *' },
    false,
  ],
];

describe('matchTrigger', () => {
  it.each(CASES)('%s', (_name, on, event, want) => {
    expect(matchTrigger(wf(on), event)).toBe(want);
  });

  it.each([
    ['refs/heads/trunk', true],
    ['refs/heads/main', false],
  ])("the runbook's smoke.yml on a push to %s → %s", (ref, want) => {
    expect(matchTrigger(parseOk(fixture('smoke.yml')), push(ref, ['README.md']))).toBe(want);
  });

  it.each([
    ['refs/tags/v1.2.3', true],
    ['refs/tags/v1.2.3-rc1', false],
    ['refs/tags/v1.2', false],
    ['refs/heads/main', false],
  ])('the release workflow on %s → %s', (ref, want) => {
    expect(matchTrigger(parseOk(fixture('release-on-tag.yml')), push(ref))).toBe(want);
  });

  it.each([
    [['cmd/main.go'], true],
    [['docs/guide.go'], false],
    [['go.sum', 'README.md'], true],
  ])('the Go workflow on main with changes %j → %s', (paths, want) => {
    expect(matchTrigger(parseOk(fixture('go-paths.yml')), push('refs/heads/main', paths))).toBe(want);
  });
});

describe('nextCronFire', () => {
  it.each([
    ['30 2 * * *', '2024-01-01T00:00:00Z', '2024-01-01T02:30:00.000Z'],
    ['30 2 * * *', '2024-01-01T02:30:00Z', '2024-01-02T02:30:00.000Z'],
    ['0 12 * * 1-5', '2024-01-06T13:00:00Z', '2024-01-08T12:00:00.000Z'],
    ['*/15 * * * *', '2024-01-01T00:07:00Z', '2024-01-01T00:15:00.000Z'],
    ['0 0 1 * 1', '2024-01-02T00:00:00Z', '2024-01-08T00:00:00.000Z'],
  ])('%s after %s fires at %s (UTC; day and weekday combine with OR)', (cron, after, want) => {
    expect(nextCronFire(cron, new Date(after))?.toISOString()).toBe(want);
  });

  it('answers null for an invalid cron', () => {
    expect(nextCronFire('61 * * * *', new Date('2024-01-01T00:00:00Z'))).toBeNull();
  });
});
