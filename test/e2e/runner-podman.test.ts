/** Issue #14: the runner's end-to-end suite on Podman (SHITHUB_TEST_ENGINES=podman, as in CI). */
import { describeEngine, engineSkipNote } from '../support/agent/docker.js';
import { defineJobContainers } from '../support/agent/job-containers-e2e.js';
import { defineRunnerSmoke } from '../support/agent/runner-e2e-suite.js';

describeEngine('podman')(`shithubd-runner end to end on Podman${engineSkipNote('podman')}`, () => {
  defineRunnerSmoke('podman');
});

describeEngine('podman')(
  `job containers and services (issue #11) end to end on Podman${engineSkipNote('podman')}`,
  () => {
    defineJobContainers('podman');
  },
);
