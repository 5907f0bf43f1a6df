import { describe, expect, it } from 'vitest';
import { ScryptPasswordHasher } from '../../src/adapters/system/password-hasher.js';

// Cheap parameters keep the suite fast; the format and checks are the same.
const hasher = new ScryptPasswordHasher({ N: 1024, r: 8, p: 1 });

describe('ScryptPasswordHasher', () => {
  it('produces a self-describing scrypt string that verifies the password', async () => {
    const hash = await hasher.hash('correct horse battery');
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await hasher.verify('correct horse battery', hash)).toBe(true);
    expect(await hasher.verify('correct horse batterY', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hasher.hash('same password')).not.toBe(await hasher.hash('same password'));
  });

  it('verifies with the parameters stored in the hash, not the current ones', async () => {
    const old = await new ScryptPasswordHasher({ N: 2048, r: 4, p: 1 }).hash('older password');
    expect(await hasher.verify('older password', old)).toBe(true);
  });

  it.each([
    ['another algorithm', 'bcrypt$2b$10$abc'],
    ['missing fields', 'scrypt$1024$8$1$c2FsdA'],
    ['N not a power of two', 'scrypt$1000$8$1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5'],
    ['too costly to verify', 'scrypt$1073741824$8$1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5'],
    ['empty', ''],
  ])('answers false for a malformed hash: %s', async (_case, hash) => {
    expect(await hasher.verify('whatever', hash)).toBe(false);
  });
});
