#!/usr/bin/env node
// Run by `npm install` / `npm ci` (the postinstall script): repairs a crash in the
// PostgreSQL driver, postgres.js 3.4.9 (porsager/postgres#1154, #1208; the fixes in
// #1168, #1209 are not released). A write under 1 KiB is sent from a `setImmediate`; when
// the connection closes first (PostgreSQL restarted, a backend terminated, a proxy cut
// it), that callback writes to a null socket and throws outside any caller: the whole
// server process dies. Seen by bench/faults/pg-restart.ts (4 server crashes in 6 restarts)
// and reproduced by test/adapters/postgres-dead-connection.test.ts (a reserved connection
// whose backend is terminated). The repair, in each of the package's three builds:
// `nextWrite` on a closed connection fails the connection's queries with CONNECTION_CLOSED
// (as a close does) instead of throwing, and a close forgets the pending write, so a
// reconnected connection never sends the dead one's bytes. Idempotent; fails the install
// when the driver has an unguarded `nextWrite` it cannot repair.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MARK = 'shithub: porsager/postgres#1208';
const UNGUARDED = 'function nextWrite(fn) {\n    const x = socket.write(chunk, fn)';
const GUARDED = `function nextWrite(fn) {
    if (!socket) { // ${MARK}
      chunk = nextWriteTimer = null
      error(Errors.connection('CONNECTION_CLOSED', options))
      return false
    }
    const x = socket.write(chunk, fn)`;
const CLEAR = '\n    clearImmediate(nextWriteTimer)\n';
const CLEAR_AND_FORGET = `\n    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null // ${MARK}\n`;

// The package's own `exports` hide package.json from resolution: npm installs it here.
const root = join(import.meta.dirname, '..', 'node_modules', 'postgres');
if (!existsSync(join(root, 'package.json'))) {
  console.log('patch-postgres: postgres is not installed, nothing to repair');
  process.exit(0);
}
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const failures = [];
for (const build of ['src', 'cjs/src', 'cf/src']) {
  const file = join(root, build, 'connection.js');
  if (!existsSync(file)) continue;
  let text = readFileSync(file, 'utf8');
  if (!text.includes(MARK) && text.includes(UNGUARDED)) {
    // Both teardown paths (`terminate`, `closed`) cancel the pending write: forget it too.
    text = text.replace(UNGUARDED, GUARDED).replaceAll(CLEAR, CLEAR_AND_FORGET);
    writeFileSync(file, text);
    console.log(`patch-postgres: repaired nextWrite in postgres ${version} ${build}/connection.js`);
  }
  if (text.includes(UNGUARDED)) failures.push(`${build}/connection.js`);
}
if (failures.length > 0) {
  console.error(
    `patch-postgres: postgres ${version} writes to a closed socket in ${failures.join(', ')} and this script cannot repair it: see scripts/patch-postgres.mjs`,
  );
  process.exit(1);
}
