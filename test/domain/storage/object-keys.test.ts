import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../../src/domain/errors.js';
import {
  artifactPrefix,
  checkObjectKey,
  isRunObjectKey,
  runObjectPrefix,
  stepLogKey,
} from '../../../src/domain/storage/object-keys.js';

describe('object keys', () => {
  it('names a step log and the prefixes a run owns', () => {
    expect(stepLogKey({ runId: 12, jobId: 34, stepIndex: 0 })).toBe('actions/runs/12/jobs/34/steps/0.log');
    expect(runObjectPrefix(12)).toBe('actions/runs/12/');
    expect(artifactPrefix(12)).toBe('actions/runs/12/artifacts/');
  });

  it.each([
    ['a step log', 'actions/runs/12/jobs/34/steps/0.log', true],
    ['an artifact', 'actions/runs/12/artifacts/dist.zip', true],
    ['the runs root itself', 'actions/runs/12', false],
    ['outside the tree', 'backups/db.dump', false],
    ['a look-alike prefix', 'actions/runs-old/1/x', false],
    ['a run id with a leading zero', 'actions/runs/012/x', false],
    ['an escape', 'actions/runs/12/../../../etc/passwd', false],
  ])('tells whether %s may be deleted by the sweep', (_name, key, inside) => {
    expect(isRunObjectKey(key)).toBe(inside);
  });

  it.each([
    ['', 'must be 1..1024 bytes'],
    ['x'.repeat(1025), 'must be 1..1024 bytes'],
    ['/etc/passwd', 'must not be absolute'],
    ['a\\b', 'must not contain NUL or a backslash'],
    ['a\0b', 'must not contain NUL or a backslash'],
    ['a/../b', 'must not have an empty, "." or ".." segment'],
    ['a//b', 'must not have an empty, "." or ".." segment'],
    ['a/./b', 'must not have an empty, "." or ".." segment'],
  ])('refuses %j as invalid object.key_invalid', (key, why) => {
    const err = (() => {
      try {
        checkObjectKey(key);
      } catch (e) {
        return e;
      }
    })();
    expect(isDomainError(err) && err.code).toBe('object.key_invalid');
    expect((err as Error).message).toContain(why);
  });
});
