/**
 * The world the route fuzz attacks, stored through the domain on the server's own database
 * before `serve` starts: two users with PATs of every scope (and a revoked and an expired
 * one), a public and a private repository, an active runner (plus a revoked, a rotated and
 * an expired registration token), a run with a running and a queued job, a running job in
 * the private repository, a completed run and a run awaiting approval. The running job's
 * token chain is advanced twice, so it has spent links and one live link.
 */

import { MemoryMetrics } from '../../src/adapters/memory/metrics.js';
import { InProcessWakeBus } from '../../src/adapters/memory/wake-bus.js';
import { PgJobCallStore } from '../../src/adapters/postgres/job-call-store.js';
import { JoseJobTokens } from '../../src/adapters/system/jose-job-tokens.js';
import { CryptoRandom } from '../../src/adapters/system/random.js';
import type { ServerContext } from '../../src/apps/shithubd/server-context.js';
import { createRepo } from '../../src/domain/forge/repository.js';
import { setSecret } from '../../src/domain/forge/secrets.js';
import { createUser } from '../../src/domain/forge/user.js';
import { enqueueRun } from '../../src/domain/jobs/enqueue-run.js';
import { appendLogChunk } from '../../src/domain/runner-api/append-log-chunk.js';
import { attemptClaim } from '../../src/domain/runner-api/attempt-claim.js';
import { authoriseJobCall } from '../../src/domain/runner-api/authorise-job-call.js';
import { recoverJobToken } from '../../src/domain/runner-api/recover-job-token.js';
import { reportJobStatus, reportStepStatus } from '../../src/domain/runner-api/report-status.js';
import { registerRunner } from '../../src/domain/runners/register-runner.js';
import { revokeRunner } from '../../src/domain/runners/revoke-runner.js';
import { rotateRegistrationToken } from '../../src/domain/runners/rotate-registration-token.js';
import { hashSessionToken, newWebToken } from '../../src/domain/sessions/session-token.js';
import { createAccessToken, revokeAccessToken } from '../../src/domain/tokens/personal-access-token.js';
import type { JobTokenClaims } from '../../src/ports/job-tokens.js';
import { plannedJob, plannedRun } from './job-seed.js';

/** A claimed job as the fuzz knows it. */
export interface FuzzJob {
  id: number;
  runId: number;
  repoId: number;
  runnerId: number;
  stepIds: number[];
  claims: Omit<JobTokenClaims, 'purpose'>;
}

export interface FuzzWorld {
  owner: string;
  publicRepo: string;
  privateRepo: string;
  runnerToken: string;
  /** A live runner that holds no job. */
  otherRunnerId: number;
  /** Registration tokens that must never authenticate. */
  deadRunnerTokens: { revoked: string; rotatedAway: string; expired: string };
  pats: { read: string; write: string; admin: string; revoked: string; expired: string; stranger: string };
  /** The id of bob's (the stranger's) live PAT: ada's tokens may never revoke it. */
  strangerPatId: number;
  /** Running on the runner; its step 1 completed, step 2 queued; `liveToken` is unspent. */
  running: FuzzJob & { liveToken: string; spentTokens: string[]; checkoutToken: string };
  /** Running in the private repository, with its own unspent token. */
  privateJob: FuzzJob & { liveToken: string };
  /**
   * Completed (run completed/success); `staleToken` was recovered before it ended and is
   * unspent, its chain replaced by a later recovery.
   */
  done: FuzzJob & { staleToken: string };
  queuedJobId: number;
  approvalRunId: number;
  secretName: string;
  /** Web UI session tokens (cookie values): ada owns both repositories, bob may read `pub`. */
  sessions: { ada: string; bob: string; revoked: string };
}

/** Stores the world through the domain; `rootKey` must be the server's. */
export async function seedFuzzWorld(ctx: ServerContext): Promise<FuzzWorld> {
  const { deps, rootKey } = ctx;
  if (!rootKey || !deps.secretBox) throw new Error('the fuzz world needs a root key');
  const jobTokens = new JoseJobTokens(rootKey, new CryptoRandom());
  const jobDeps = {
    ...deps,
    secretBox: deps.secretBox,
    jobTokens,
    jobCalls: new PgJobCallStore(ctx.db.db),
    wake: new InProcessWakeBus(),
    metrics: new MemoryMetrics(),
  };
  const past = { ...deps, clock: { now: () => new Date(Date.now() - 3_600_000) } };

  await createUser(deps, { name: 'ada' });
  await createUser(deps, { name: 'bob' });
  const pat = async (scopes: string[], user = 'ada') =>
    (await createAccessToken(deps, { userName: user, scopes })).token;
  const revoked = await createAccessToken(deps, { userName: 'ada', scopes: ['admin'] });
  await revokeAccessToken(deps, { id: revoked.pat.id });
  const expired = await createAccessToken(past, { userName: 'ada', scopes: ['admin'], expiresInMs: 60_000 });
  const stranger = await createAccessToken(deps, { userName: 'bob', scopes: ['repo:write'] });
  const pats = {
    read: await pat(['repo:read']),
    write: await pat(['repo:write']),
    admin: await pat(['admin']),
    revoked: revoked.token,
    expired: expired.token,
    stranger: stranger.token,
  };

  const pub = await createRepo(deps, { ownerName: 'ada', name: 'pub' });
  const priv = await createRepo(deps, { ownerName: 'ada', name: 'priv', isPrivate: true });
  await setSecret(
    { ...deps, secretBox: deps.secretBox },
    { repoPath: 'ada/pub', name: 'DEPLOY_KEY', value: 'hunter2-fuzz' },
  );

  const runnerOf = (name: string, more = {}) =>
    registerRunner(deps, { name, labels: ['ubuntu-latest'], capacity: 4, ...more });
  const runner = await runnerOf('fuzz-1');
  const gone = await runnerOf('fuzz-revoked');
  await revokeRunner(deps, { id: gone.runner.id });
  const rotated = await runnerOf('fuzz-rotated');
  await rotateRegistrationToken(deps, { id: rotated.runner.id });
  const expiredRunner = await registerRunner(past, { name: 'fuzz-expired', expiresInMs: 60_000 });

  const steps = { steps: plannedJob('x').steps };
  const open = await enqueueRun(
    deps,
    plannedRun(pub.id, {
      jobs: [
        plannedJob('build', { runsOn: ['ubuntu-latest'], ...steps }),
        plannedJob('mac', { runsOn: ['macos'] }),
      ],
    }),
  );
  await enqueueRun(
    deps,
    plannedRun(priv.id, { jobs: [plannedJob('hidden', { runsOn: ['ubuntu-latest'] })] }),
  );
  await enqueueRun(deps, plannedRun(pub.id, { jobs: [plannedJob('done', { runsOn: ['ubuntu-latest'] })] }));

  const claim = async () => {
    const fields = { labels: ['ubuntu-latest'], capacity: 4, hostName: 'fuzz', version: 'fuzz' };
    const attempt = await attemptClaim(jobDeps, { runnerId: runner.runner.id, fields, baseUrl: '' });
    if (attempt.kind !== 'claimed') throw new Error(`expected a claim, got ${attempt.kind}`);
    const { job, token } = attempt.payload;
    const claims = { runnerId: runner.runner.id, jobId: job.id, runId: job.run_id, repoId: job.repo_id };
    return {
      job: {
        id: job.id,
        runId: job.run_id,
        repoId: job.repo_id,
        runnerId: runner.runner.id,
        claims,
        stepIds: job.steps.map((s) => s.id),
      },
      token,
      checkoutToken: job.checkout_token,
    };
  };
  const call = (jobId: number, token: string) =>
    authoriseJobCall(jobDeps, { pathJobId: String(jobId), authorization: `Bearer ${token}` });

  const build = await claim();
  const hidden = await claim();
  const done = await claim();
  const t1 = await appendLogChunk(jobDeps, await call(build.job.id, build.token), {
    seq: 0,
    bytes: Buffer.from('hello hunter2-fuzz\n'),
    stepId: null,
  });
  const t2 = await reportStepStatus(jobDeps, await call(build.job.id, t1.token), {
    stepId: build.job.stepIds[0]!,
    status: 'completed',
    conclusion: 'success',
  });
  const recover = () =>
    recoverJobToken(jobDeps, { pathJobId: String(done.job.id), authorization: `Bearer ${runner.token}` });
  // Recovered, then revoked by a second recovery whose chain ends the job: unspent, dead.
  const stale = await recover();
  await reportJobStatus(jobDeps, await call(done.job.id, (await recover()).token), {
    status: 'completed',
    conclusion: 'success',
  });
  const gated = await enqueueRun(
    deps,
    plannedRun(pub.id, { needApproval: true, jobs: [plannedJob('gated')] }),
  );

  const session = async (name: string) => {
    const token = newWebToken(new CryptoRandom());
    const user = await deps.users.getUserByName(name);
    const now = new Date();
    const opened = await deps.sessions.createSession({
      userId: user!.id,
      tokenHash: hashSessionToken(token),
      createdAt: now,
      expiresAt: new Date(now.getTime() + 86_400_000),
    });
    return { token, id: opened.id };
  };
  const revokedSession = await session('ada');
  await deps.sessions.revokeSession(revokedSession.id, new Date());
  const sessions = {
    ada: (await session('ada')).token,
    bob: (await session('bob')).token,
    revoked: revokedSession.token,
  };

  return {
    sessions,
    owner: 'ada',
    publicRepo: 'pub',
    privateRepo: 'priv',
    runnerToken: runner.token,
    otherRunnerId: rotated.runner.id,
    deadRunnerTokens: { revoked: gone.token, rotatedAway: rotated.token, expired: expiredRunner.token },
    pats,
    strangerPatId: stranger.pat.id,
    running: {
      ...build.job,
      liveToken: t2.nextToken.token,
      spentTokens: [build.token, t1.token],
      checkoutToken: build.checkoutToken,
    },
    privateJob: { ...hidden.job, liveToken: hidden.token },
    done: { ...done.job, staleToken: stale.token },
    queuedJobId: open.jobs.find((j) => j.jobKey === 'mac')!.id,
    approvalRunId: gated.run.id,
    secretName: 'DEPLOY_KEY',
  };
}
