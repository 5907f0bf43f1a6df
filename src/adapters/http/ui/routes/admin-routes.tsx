/**
 * `/admin/runners` (SPEC §14, §17), for site administrators: the pool and the queue, and
 * drain / undrain / revoke forms calling the same domain functions as `shithubd admin
 * runner …`. Anyone else gets 404 (an anonymous browser is sent to sign in first).
 */
import type { Context, Hono } from 'hono';
import { invalid, notFound } from '../../../../domain/errors.js';
import { summariseQueue } from '../../../../domain/jobs/summarise-queue.js';
import { notifyRunnerChanged } from '../../../../domain/runner-api/wake-runners.js';
import { drainRunner, undrainRunner } from '../../../../domain/runners/drain-runner.js';
import { listRunners } from '../../../../domain/runners/list-runners.js';
import { revokeRunner } from '../../../../domain/runners/revoke-runner.js';
import { Layout } from '../components/layout.js';
import { QueueTable, RunnerTable } from '../components/runner-pool.js';
import { limitForm, readSignedInForm } from '../forms.js';
import { renderPage } from '../render.js';
import { pathNumber } from '../repo-context.js';
import { sessionMiddleware } from '../session.js';
import type { UiDeps, UiEnv } from '../ui-deps.js';

const PAGE = '/admin/runners';

function requireSiteAdmin(c: Context<UiEnv>): void {
  if (!c.get('viewer')?.isAdmin) throw notFound('page.not_found', 'not found');
}

export function mountAdminRoutes(app: Hono<UiEnv>, deps: UiDeps): void {
  const session = sessionMiddleware(deps);
  const wake = (id: number, change: 'drained' | 'undrained' | 'revoked') =>
    deps.wake ? notifyRunnerChanged({ wake: deps.wake }, id, change) : Promise.resolve();

  app.get(PAGE, session, async (c) => {
    const signedIn = c.get('signedIn');
    if (!signedIn) return c.redirect(`/login?next=${encodeURIComponent(PAGE)}`, 303);
    requireSiteAdmin(c);
    const runners = await listRunners(deps);
    const queue = await summariseQueue(deps, { staleAfterMs: deps.runnerStaleAfterMs });
    return renderPage(
      c,
      <Layout title="Runners" signedIn={signedIn}>
        <h1>Runners</h1>
        <section aria-labelledby="pool">
          <h2 id="pool">Pool</h2>
          {runners.length === 0 ? (
            <p>
              No runner is registered. Register one with{' '}
              <code>shithubd admin runner register --name NAME</code>.
            </p>
          ) : (
            <RunnerTable runners={runners} csrf={signedIn.csrfToken} />
          )}
        </section>
        <section aria-labelledby="queue">
          <h2 id="queue">Queue</h2>
          {queue.length === 0 ? <p>No job is queued.</p> : <QueueTable rows={queue} />}
        </section>
      </Layout>,
    );
  });

  app.post(`${PAGE}/:id/drain`, limitForm, session, async (c) => {
    const form = await readSignedInForm(c, ['reason']);
    requireSiteAdmin(c);
    const reason = form.reason?.trim() ? form.reason : undefined;
    const runner = await drainRunner(deps, { id: pathNumber(c, 'id'), reason });
    await wake(runner.id, 'drained');
    return c.redirect(PAGE, 303);
  });

  app.post(`${PAGE}/:id/undrain`, limitForm, session, async (c) => {
    await readSignedInForm(c, []);
    requireSiteAdmin(c);
    const runner = await undrainRunner(deps, { id: pathNumber(c, 'id') });
    await wake(runner.id, 'undrained');
    return c.redirect(PAGE, 303);
  });

  app.post(`${PAGE}/:id/revoke`, limitForm, session, async (c) => {
    const form = await readSignedInForm(c, ['reason', 'confirm']);
    requireSiteAdmin(c);
    if (form.confirm !== 'yes') {
      throw invalid('runner.revoke_unconfirmed', 'tick the confirmation box to revoke a runner');
    }
    const reason = form.reason?.trim() ? form.reason : undefined;
    const { runner, tokensRevoked } = await revokeRunner(deps, { id: pathNumber(c, 'id'), reason });
    if (tokensRevoked > 0) deps.metrics.increment('runner_revocations_total');
    await wake(runner.id, 'revoked');
    return c.redirect(PAGE, 303);
  });
}
