/**
 * The install-time repair of postgres.js (`scripts/patch-postgres.mjs`, porsager/postgres#1208)
 * is in place in every build of the installed driver, and running it again changes nothing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', 'node_modules', 'postgres');
const builds = ['src', 'cjs/src', 'cf/src'].map((b) => join(root, b, 'connection.js')).filter(existsSync);
const read = () => builds.map((file) => readFileSync(file, 'utf8'));

describe('the postgres.js repair', () => {
  it('guards nextWrite and forgets a pending write on close in every build', () => {
    expect(builds.length).toBeGreaterThanOrEqual(2);
    for (const text of read()) {
      expect(text).not.toContain('function nextWrite(fn) {\n    const x = socket.write(chunk, fn)');
      expect(text).toContain('if (!socket) { // shithub: porsager/postgres#1208');
      expect(text.match(/chunk = nextWriteTimer = null \/\/ shithub/g)).toHaveLength(2);
    }
  });

  it('is idempotent', () => {
    const before = read();
    execFileSync(process.execPath, ['scripts/patch-postgres.mjs']);
    expect(read()).toEqual(before);
  });
});
