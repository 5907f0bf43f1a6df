/** Issue #5 end to end with the host engine: a real server on PGlite, real git, the real runner. */
import { describe } from 'vitest';
import { defineRunnerSmoke } from '../support/agent/runner-e2e-suite.js';
import { defineWorkflowParity } from '../support/agent/workflow-parity-e2e.js';

describe('shithubd-runner end to end on the host engine', () => {
  defineRunnerSmoke('host');
});

describe('workflow parity (issue #11) end to end on the host engine', () => {
  defineWorkflowParity('host');
});
