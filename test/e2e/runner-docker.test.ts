/** Issue #5 end to end with Docker containers (SHITHUB_TEST_ENGINE=docker, as in CI). */
import { DOCKER_SKIP_NOTE, describeDocker } from '../support/agent/docker.js';
import { defineRunnerSmoke } from '../support/agent/runner-e2e-suite.js';
import { defineWorkflowParity } from '../support/agent/workflow-parity-e2e.js';

describeDocker(`shithubd-runner end to end on Docker${DOCKER_SKIP_NOTE}`, () => {
  defineRunnerSmoke('docker');
});

describeDocker(`workflow parity (issue #11) end to end on Docker${DOCKER_SKIP_NOTE}`, () => {
  defineWorkflowParity('docker');
});
