import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { E2eFirstSequencer } from './test/support/e2e-first-sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: a passing test never waits for these, and an end-to-end test on a CI host that
    // is busy with other work (load 10+ measured) takes three times its quiet duration.
    testTimeout: 90_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Two workers more than cores: vitest's default (one fewer) leaves a core of two idle,
    // and the end-to-end files spend much of their time waiting on git, child processes and
    // their runner's poll interval (measured on 2 cores, nothing but Node: 3 workers 201 s,
    // 4 workers 167 s). `.ci/run`, which adds PostgreSQL, Docker, Podman and Chromium suites
    // to the same 2 cores, passes --maxWorkers=3. Test files share their worker process instead of starting
    // a new one each (about 0.6 s of start-up, module loading and PGlite's WebAssembly
    // warm-up per file): no test changes process-wide state, and each suite opens and closes
    // what it uses.
    maxWorkers: availableParallelism() + 2,
    isolate: false,
    sequence: { sequencer: E2eFirstSequencer },
    // Makes the migrated PGlite snapshot once (test/support/pglite-snapshot.ts).
    globalSetup: ['test/support/global-setup.ts'],
  },
});
