/** The job endpoints of SPEC §7.2: authorise (no body read), then validate, then commit. */
import type { Context } from 'hono';
import { invalid, notFound } from '../../../domain/errors.js';
import { appendLogChunk } from '../../../domain/runner-api/append-log-chunk.js';
import { appendLogChunkFast } from '../../../domain/runner-api/append-log-chunk-fast.js';
import {
  authoriseJobCall,
  authoriseVerifiedCall,
  parsePathId,
  verifyJobCallToken,
} from '../../../domain/runner-api/authorise-job-call.js';
import { checkCancel } from '../../../domain/runner-api/check-cancel.js';
import { createJobLogCache } from '../../../domain/runner-api/job-log-cache.js';
import {
  authoriseTokenRecovery,
  restartJobTokenChain,
} from '../../../domain/runner-api/recover-job-token.js';
import {
  reportJobStatus,
  reportStepStatus,
  type StatusReportInput,
} from '../../../domain/runner-api/report-status.js';
import { formatWireTime, parseWireTime } from '../../../domain/runner-api/wire-time.js';
import type { MintedJobToken } from '../../../ports/job-tokens.js';
import type { Annotation } from '../../../ports/model/annotation.js';
import { EmptyBody, JobStatusBody, readBody, StepStatusBody } from './bodies.js';
import { readLogChunk } from './log-body.js';
import type { RunnerApiDeps, RunnerApiKeys } from './runner-api-deps.js';

/** The five job-call handlers and the token recovery handler. */
export function jobHandlers(deps: RunnerApiDeps, requireKeys: () => RunnerApiKeys) {
  const authorise = async (c: Context) => {
    const keys = requireKeys();
    const call = await authoriseJobCall(
      { ...deps, ...keys },
      { pathJobId: c.req.param('id') ?? '', authorization: c.req.header('Authorization') },
    );
    return { call, callDeps: { ...deps, ...keys } };
  };

  // Per process: the masks and step positions the log fast path scrubs with (SPEC §20).
  const logCache = createJobLogCache();

  return {
    /**
     * The token is verified before the body is read, as for every job call; the rest of the
     * authorisation is then either the fast path's own statement or `authoriseVerifiedCall`.
     * A body that is refused is refused after the whole authorisation, as before.
     */
    logs: async (c: Context) => {
      const callDeps = { ...deps, ...requireKeys(), logCache };
      const token = await verifyJobCallToken(callDeps, {
        pathJobId: c.req.param('id') ?? '',
        authorization: c.req.header('Authorization'),
      });
      const input = await readLogChunk(c).catch(async (err: unknown) => {
        await authoriseVerifiedCall(callDeps, token);
        throw err;
      });
      const next =
        (await appendLogChunkFast(callDeps, token, input)) ??
        (await appendLogChunk(callDeps, await authoriseVerifiedCall(callDeps, token), input));
      return c.json({ accepted: true, ...nextTokenFields(next) }, 202);
    },

    stepStatus: async (c: Context) => {
      const { call, callDeps } = await authorise(c);
      const stepId = parsePathId(c.req.param('stepId') ?? '');
      if (stepId === undefined) throw notFound('step.not_found', 'step not found');
      const body = await readBody(c, StepStatusBody, { emptyIsObject: false });
      const extras = {
        addMasks: body.add_masks ?? undefined,
        summary: body.summary ?? undefined,
        annotations: body.annotations?.map(annotationOf),
      };
      const report = { ...statusReport(body), extras };
      const { step, nextToken } = await reportStepStatus(callDeps, call, { ...report, stepId });
      return c.json({ status: step.status, conclusion: step.conclusion, ...nextTokenFields(nextToken) });
    },

    jobStatus: async (c: Context) => {
      const { call, callDeps } = await authorise(c);
      const body = await readBody(c, JobStatusBody, { emptyIsObject: false });
      const extras = {
        addMasks: body.add_masks ?? undefined,
        outputs: body.outputs ?? undefined,
        annotations: body.annotations?.map(annotationOf),
      };
      const result = await reportJobStatus(callDeps, call, { ...statusReport(body), extras });
      if (result.nextToken === null) logCache.forget(call.job.id);
      const ran = result.run.status === 'completed';
      return c.json({
        status: result.job.status,
        conclusion: result.job.conclusion,
        ...(ran ? { run_status: result.run.status, run_conclusion: result.run.conclusion } : {}),
        ...(result.nextToken ? nextTokenFields(result.nextToken) : {}),
      });
    },

    cancelCheck: async (c: Context) => {
      const { call, callDeps } = await authorise(c);
      await readBody(c, EmptyBody, { emptyIsObject: true });
      const { cancelled, nextToken } = await checkCancel(callDeps, call);
      return c.json({ cancelled, ...nextTokenFields(nextToken) });
    },

    recoverToken: async (c: Context) => {
      const keys = requireKeys();
      const recovery = await authoriseTokenRecovery(deps, {
        pathJobId: c.req.param('id') ?? '',
        authorization: c.req.header('Authorization'),
      });
      // Refused bodies change nothing: the chain moves on only once the request is whole.
      await readBody(c, EmptyBody, { emptyIsObject: true });
      const minted = await restartJobTokenChain({ ...deps, ...keys }, recovery);
      return c.json({ token: minted.token, expires_at: formatWireTime(minted.expiresAt) });
    },
  };
}

function nextTokenFields(minted: MintedJobToken) {
  return { next_token: minted.token, next_token_expires_at: formatWireTime(minted.expiresAt) };
}

function statusReport(body: {
  status: string;
  conclusion?: string | null;
  started_at?: string | null;
  completed_at?: string | null;
}): StatusReportInput {
  return {
    status: body.status,
    conclusion: body.conclusion ?? null,
    startedAt: wireTime(body.started_at, 'started_at'),
    completedAt: wireTime(body.completed_at, 'completed_at'),
  };
}

/** An annotation as the runner sends it (`bodies.ts`). */
function annotationOf(wire: {
  level: Annotation['level'];
  message: string;
  title?: string | null;
  file?: string | null;
  line?: number | null;
  end_line?: number | null;
  column?: number | null;
  end_column?: number | null;
}): Annotation {
  return {
    level: wire.level,
    message: wire.message,
    title: wire.title ?? null,
    file: wire.file ?? null,
    line: wire.line ?? null,
    endLine: wire.end_line ?? null,
    column: wire.column ?? null,
    endColumn: wire.end_column ?? null,
  };
}

function wireTime(text: string | null | undefined, field: string): Date | null {
  if (text === null || text === undefined || text === '') return null;
  const at = parseWireTime(text);
  if (!at) throw invalid('request.invalid_time', `${field} must be an RFC 3339 time`);
  return at;
}
