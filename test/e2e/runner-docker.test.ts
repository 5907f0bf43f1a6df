/** Issue #5 end to end with Docker containers (SHITHUB_TEST_ENGINES=docker, as in CI). */
import { describeEngine, engineSkipNote } from '../support/agent/docker.js';
import { defineJobContainers } from '../support/agent/job-containers-e2e.js';
import { defineRunnerSmoke } from '../support/agent/runner-e2e-suite.js';
import { defineWorkflowParity } from '../support/agent/workflow-parity-e2e.js';

describeEngine('docker')(`shithubd-runner end to end on Docker${engineSkipNote('docker')}`, () => {
  defineRunnerSmoke('docker');
});

describeEngine('docker')(
  `workflow parity (issue #11) end to end on Docker${engineSkipNote('docker')}`,
  () => {
    defineWorkflowParity('docker');
  },
);

describeEngine('docker')(
  `job containers and services (issue #11) end to end on Docker${engineSkipNote('docker')}`,
  () => {
    defineJobContainers('docker');
  },
);
