/**
 * Vitest global setup: makes the migrated PGlite snapshot once, before the workers start,
 * so they do not race to make it (see `pglite-snapshot.ts`).
 */
import { preparePgliteSnapshot } from './pglite-snapshot.js';

export default async function setup(): Promise<void> {
  await preparePgliteSnapshot();
}
