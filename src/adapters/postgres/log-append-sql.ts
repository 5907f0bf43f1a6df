/**
 * The log ingest fast path (`JobCallStore.appendIfCurrent`, SPEC §20) as one prepared
 * statement: spend the job token, store the chunk, set or drop the step's carry — only when
 * everything the caller scrubbed against still holds. Where today's full path runs 8–10
 * statements in a transaction, this is one autocommit statement, so it is atomic by itself.
 *
 * Lock order, as `consumeToken` then `lockStep`: the run `FOR KEY SHARE`, the job `FOR
 * UPDATE`, the step `FOR UPDATE`. Each CTE reads the one before it through a scalar
 * subquery in its filter, which PostgreSQL evaluates before the row reaches the CTE's own
 * `LockRows`, so the locks are taken in that order.
 *
 * The checks in `ready` read the statement's snapshot, taken before those locks: a call
 * that waited for the step lock does not see what the holder committed. Every writer of a
 * step's chunks and carry holds that lock, and job calls of one job are serialised by the
 * token chain, so the one way to wait there is the same chunk resent after chain recovery
 * while the first send is still in flight. Hence the chunk insert keeps `ON CONFLICT DO
 * NOTHING` and the carry changes only with a chunk actually inserted: the late twin spends
 * its token, stores nothing and answers as a resend (`duplicate`). A step that ended
 * meanwhile was updated, and `FOR UPDATE` re-checks the updated row's status.
 *
 * The chunk parameter: postgres.js 3 binds every parameter in text format (its Bind message
 * sends format code 0), so binary is out of reach there. Instead of hex (2 bytes per byte,
 * what it sends for a `Uint8Array`) the chunk goes as text for `decode(…)`: its own bytes in
 * `escape` format when it is ASCII without NUL (backslashes doubled) — a build log nearly
 * always is, and ASCII reads the same in every server encoding —, else base64. PGlite binds
 * a `Uint8Array` in binary format, so there it is `$14::bytea`.
 */
import { isAscii } from 'node:buffer';

const TERMINAL = `('completed','cancelled','skipped')`;

/**
 * `$1` jti, `$2` runner, `$3` job, `$4` run, `$5` repo, `$6` token expiry, `$7` now,
 * `$8` step, `$9` seq, `$10`/`$11` new carry ciphertext/nonce (null: no carry), `$12` the
 * expected mask snapshot nonce, `$13` the expected carry `after_seq` (null: none), `$14`
 * the chunk (as `chunk` below says), then the token's chain (`chain`: a chain recovery
 * that committed first makes the call stale). Returns `spent` and `stored` (0 or 1 each).
 */
function appendCurrentChunk(chunk: string, chain: string): string {
  return `
WITH run AS (
  SELECT r.id FROM workflow_runs r WHERE r.id = $4::bigint FOR KEY SHARE
), job AS (
  SELECT j.id FROM workflow_jobs j
  WHERE j.id = $3::bigint AND j.run_id = (SELECT id FROM run) AND j.runner_id = $2::bigint
    AND j.token_chain = ${chain}::int
    AND EXISTS (SELECT 1 FROM workflow_runners w WHERE w.id = $2::bigint AND w.revoked_at IS NULL)
  FOR UPDATE
), step AS (
  SELECT s.id FROM workflow_steps s
  WHERE s.id = $8::bigint AND s.job_id = (SELECT id FROM job) AND s.status NOT IN ${TERMINAL}
  FOR UPDATE
), ready AS (
  SELECT step.id FROM step
  WHERE (SELECT max(c.seq) FROM workflow_step_log_chunks c WHERE c.step_id = step.id)
          IS NOT DISTINCT FROM NULLIF($9::int, 0) - 1
    AND NOT EXISTS (SELECT 1 FROM workflow_step_log_held_chunks h WHERE h.step_id = step.id)
    AND (SELECT k.after_seq FROM workflow_step_log_carries k WHERE k.step_id = step.id)
          IS NOT DISTINCT FROM $13::int
    AND (SELECT m.nonce FROM workflow_job_secret_masks m WHERE m.job_id = $3::bigint)
          IS NOT DISTINCT FROM $12::bytea
), spent AS (
  INSERT INTO runner_jwt_used (jti, runner_id, job_id, run_id, repo_id, expires_at, used_at)
  SELECT $1::text, $2::bigint, $3::bigint, $4::bigint, $5::bigint, $6::timestamptz, $7::timestamptz
  FROM ready
  ON CONFLICT (jti) DO NOTHING
  RETURNING jti
), stored AS (
  INSERT INTO workflow_step_log_chunks (step_id, seq, chunk, created_at)
  SELECT $8::bigint, $9::int, ${chunk}, $7::timestamptz FROM spent
  ON CONFLICT (step_id, seq) DO NOTHING
  RETURNING id
), carry_set AS (
  INSERT INTO workflow_step_log_carries (step_id, after_seq, ciphertext, nonce, updated_at)
  SELECT $8::bigint, $9::int, $10::bytea, $11::bytea, $7::timestamptz FROM stored
  WHERE $10::bytea IS NOT NULL
  ON CONFLICT (step_id) DO UPDATE SET after_seq = excluded.after_seq,
    ciphertext = excluded.ciphertext, nonce = excluded.nonce, updated_at = excluded.updated_at
  RETURNING step_id
), carry_drop AS (
  DELETE FROM workflow_step_log_carries k USING stored
  WHERE k.step_id = $8::bigint AND $10::bytea IS NULL
  RETURNING k.step_id
)
SELECT (SELECT count(*) FROM spent)::int AS spent, (SELECT count(*) FROM stored)::int AS stored,
  (SELECT count(*) FROM carry_set)::int + (SELECT count(*) FROM carry_drop)::int AS carried`;
}

/** On postgres.js: `$14` the chunk as text, `$15` its `decode` format (`byteaText`), `$16` the chain. */
export const APPEND_CURRENT_CHUNK_TEXT = appendCurrentChunk('decode($14::text, $15::text)', '$16');

/** On PGlite: `$14` the chunk's bytes, bound in binary format, `$15` the chain. */
export const APPEND_CURRENT_CHUNK_BINARY = appendCurrentChunk('$14::bytea', '$15');

const BACKSLASH = 0x5c;

/** The chunk as `decode(text, format)` input on a text-only driver (see the file comment). */
export function byteaText(bytes: Uint8Array): [text: string, format: 'escape' | 'base64'] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isAscii(buf) || buf.includes(0)) return [buf.toString('base64'), 'base64'];
  const text = buf.toString('latin1');
  return [buf.includes(BACKSLASH) ? text.replaceAll('\\', '\\\\') : text, 'escape'];
}
