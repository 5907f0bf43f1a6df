/** A run context for expression tests. */
import type { ExpressionContext } from '../../../../src/domain/workflows/expressions/evaluate.js';

export const CONTEXT: ExpressionContext = {
  contexts: {
    shithub: {
      sha: 'abc123',
      ref: 'refs/heads/main',
      ref_name: 'main',
      event_name: 'pull_request',
      actor: 'alice',
      repository: 'alice/app',
      run_id: 42,
      run_number: 7,
      event: {
        number: 5,
        pull_request: { title: 'Fix "quotes"; rm -rf /', labels: [{ name: 'bug' }, { name: 'ui' }] },
      },
    },
    env: { CI: 'true', NAME: 'World' },
    secrets: { TOKEN: 's3cr3t' },
    vars: { REGION: 'eu' },
    inputs: { count: 3, flag: false, who: '$(id)' },
    matrix: { os: 'ubuntu', node: 20 },
    needs: { build: { result: 'success' } },
    job: { status: 'success' },
    runner: { os: 'Linux' },
  },
};
