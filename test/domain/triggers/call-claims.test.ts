// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow expressions are ${{ }} text
/**
 * What the claim carries for workflow parity B2 (issue #11 items 5, 6 and 8): a job's
 * `container:` and `services:` as written and a called job's `inputs`, through the wire and back
 * into the runner's shape; a claim of the original server reads as none of them.
 */
import { describe, expect, it } from 'vitest';
import { parseClaim } from '../../../src/adapters/http/claim-wire.js';
import { buildClaimPayload } from '../../../src/domain/runner-api/claim-payload.js';
import type { ClaimedJob } from '../../../src/ports/model/queue.js';
import { makeTriggerWorld } from '../../support/trigger-world.js';
import { yml } from '../workflows/workflow-text.js';

const CALLER = yml`
  on: push
  jobs:
    call:
      uses: ./.shithub/workflows/called.yml
      with: {greeting: hi}
`;
const CALLED = yml`
  on:
    workflow_call:
      inputs: {greeting: {type: string, required: true}, times: {type: number, default: 2}}
  jobs:
    work:
      runs-on: ubuntu-latest
      container: {image: 'node:\${{ inputs.times }}0', options: --cpus 1}
      services:
        db: {image: postgres:16, env: {POSTGRES_PASSWORD: '\${{ secrets.PW }}'}, ports: ['5432:5432']}
      steps: [{run: 'echo \${{ inputs.greeting }}'}]
`;

describe('the claim of workflow parity B2', () => {
  it('carries the container, the services and the call inputs, and the runner reads them back', async () => {
    const w = makeTriggerWorld();
    const ada = await w.user('ada');
    const repo = await w.repo('ada');
    await w.push(repo, ada, 'trunk', {
      '.shithub/workflows/ci.yml': CALLER,
      '.shithub/workflows/called.yml': CALLED,
    });
    const runner = await w.deps.runners.register(
      { name: 'r1', labels: ['ubuntu-latest'], capacity: 1, registeredByUserId: null },
      { tokenHash: new Uint8Array(32), expiresAt: null },
      w.deps.clock.now(),
    );
    if (runner === 'name_taken') throw new Error('unreachable');
    const claimed = (await w.deps.queue.claim({
      runnerId: runner.id,
      now: w.deps.clock.now(),
    })) as ClaimedJob;
    const token = { token: 'api', jti: 'j', expiresAt: w.deps.clock.now() };
    const payload = buildClaimPayload({
      claimed,
      apiToken: token,
      checkoutToken: { ...token, token: 'checkout' },
      secrets: { secrets: null, maskValues: null },
      baseUrl: 'http://forge.test',
    });
    const job = parseClaim(JSON.parse(JSON.stringify(payload)) as unknown).job;
    expect(job.jobKey).toBe('call/work');
    expect(job.container).toEqual({
      image: 'node:${{ inputs.times }}0',
      env: {},
      options: '--cpus 1',
      credentials: null,
      ports: [],
      volumes: [],
    });
    expect(job.services).toEqual({
      db: {
        image: 'postgres:16',
        env: { POSTGRES_PASSWORD: '${{ secrets.PW }}' },
        options: null,
        credentials: null,
        ports: ['5432:5432'],
        volumes: [],
      },
    });
    expect(job.inputs).toEqual({ greeting: 'hi', times: 2 });
  });

  it('reads a claim of the original server as no container, no services and the event inputs', () => {
    const wire = { token: 't', expires_at: '', job: { id: 1, run_id: 2, repo_id: 3, steps: [] } };
    expect(parseClaim(wire).job).toMatchObject({ container: null, services: {}, inputs: null });
  });
});
