/**
 * One step's log on its way to the server (SPEC §11): workflow commands handled on the raw
 * output (`command-stream.ts`), then scrubbed with the job's mask set before anything leaves
 * the runner, cut into chunks of at most 64 KiB (or whatever arrived within a second),
 * numbered from seq 0, spooled on disk, then sent through the job's token chain in order,
 * each with the `::add-mask::` values not sent yet. Past the cap one truncation line ends
 * the log.
 */
import type { ControlPlane } from '../../ports/control-plane.js';
import type { LogSpool, SpoolKey } from '../../ports/log-spool.js';
import type { RunnerLog } from '../../ports/runner-log.js';
import type { Timer } from '../../ports/timer.js';
import { concatBytes } from '../bytes.js';
import { createScrubber } from '../logs/scrubber.js';
import { type StepCommandResults, stepCommandEffects } from './command-effects.js';
import { createCommandStream } from './command-stream.js';
import type { JobChannel } from './job-channel.js';
import type { RunnerMasks } from './job-state.js';

export const MAX_CHUNK_BYTES = 64 * 1024;
export const FLUSH_INTERVAL_MS = 1000;
export const STEP_LOG_CAP_BYTES = 10 * 1024 * 1024;
export const TRUNCATION_LINE = '[shithub-runner: step log truncated after 10 MiB]\n';

export interface StepLog {
  /** Adds raw output; cheap and synchronous (sending happens in the background). */
  write(bytes: Uint8Array): void;
  /** Adds one line written by the runner itself (a newline is appended; never a command). */
  line(text: string): void;
  /** Flushes everything and waits until every chunk was acknowledged (or the job is gone). */
  close(): Promise<void>;
  readonly commands: StepCommandResults;
}

export interface StepLogDeps {
  controlPlane: ControlPlane;
  spool: LogSpool;
  timer: Timer;
  log: RunnerLog;
}

export interface StepLogInput {
  jobId: number;
  stepId: number;
  masks: RunnerMasks;
  /** `::debug::` lines are shown. */
  debug?: boolean;
  channel: JobChannel;
  capBytes?: number;
}

const encoder = new TextEncoder();

/** Opens a step's log; the one-second flush runs until `close`. */
export function openStepLog(deps: StepLogDeps, input: StepLogInput): StepLog {
  const scrubber = createScrubber(input.masks.current());
  const results: StepCommandResults = { annotations: [], outputs: {}, failures: [] };
  const commands = createCommandStream(stepCommandEffects(input, results, scrubber));
  const cap = input.capBytes ?? STEP_LOG_CAP_BYTES;
  const stop = new AbortController();
  let buffered: Uint8Array[] = [];
  let bufferedBytes = 0;
  let kept = 0;
  let truncated = false;
  let seq = 0;
  let sending: Promise<void> = Promise.resolve();

  function keep(bytes: Uint8Array): void {
    if (truncated || bytes.length === 0) return;
    const room = cap - kept;
    const part = bytes.length > room ? bytes.subarray(0, room) : bytes;
    buffered.push(part);
    bufferedBytes += part.length;
    kept += part.length;
    if (part.length < bytes.length) {
      truncated = true;
      const notice = encoder.encode(`\n${TRUNCATION_LINE}`);
      buffered.push(notice);
      bufferedBytes += notice.length;
    }
    while (bufferedBytes >= MAX_CHUNK_BYTES) cut(MAX_CHUNK_BYTES);
  }

  /** Cuts up to `limit` bytes off the front of the buffer into the next chunk. */
  function cut(limit: number): void {
    const all = concatBytes(buffered);
    const size = Math.min(limit, all.length);
    if (size === 0) return;
    const chunk = all.slice(0, size);
    buffered = size < all.length ? [all.slice(size)] : [];
    bufferedBytes = all.length - size;
    const key: SpoolKey = { jobId: input.jobId, stepId: input.stepId, seq: seq++ };
    const stored = deps.spool.put(key, chunk);
    stored.catch(() => undefined); // awaited in order below; this only keeps it from counting as unhandled
    sending = sending
      .then(() => stored)
      .then(() => send(key))
      .catch((err: unknown) => {
        deps.log.error('log chunk lost', {
          job_id: key.jobId,
          step_id: key.stepId,
          seq: key.seq,
          error: String(err),
        });
      });
  }

  async function send(key: SpoolKey): Promise<void> {
    if (input.channel.isGone()) return;
    const bytes = await deps.spool.read(key);
    const unsent = input.masks.takeUnsent();
    const addMasks = unsent.length > 0 ? { addMasks: unsent } : {};
    const result = await input.channel.call('log', (token) =>
      deps.controlPlane.appendLog(key.jobId, token, { stepId: key.stepId, seq: key.seq, bytes, ...addMasks }),
    );
    if (result.kind === 'refused') {
      deps.log.warn('log chunk refused', { job_id: key.jobId, step_id: key.stepId, seq: key.seq });
    }
    if (result.kind !== 'gone') await deps.spool.drop(key);
  }

  const ticking = (async () => {
    while (!stop.signal.aborted) {
      await deps.timer.sleep(FLUSH_INTERVAL_MS, stop.signal);
      if (!stop.signal.aborted) cut(MAX_CHUNK_BYTES);
    }
  })();

  return {
    commands: results,
    write(bytes) {
      keep(scrubber.push(commands.push(bytes)).output);
    },
    line(text) {
      keep(scrubber.push(commands.flush()).output);
      keep(scrubber.push(encoder.encode(`${text}\n`)).output);
    },
    async close() {
      stop.abort();
      await ticking;
      keep(scrubber.push(commands.flush()).output);
      keep(scrubber.flush().output);
      while (bufferedBytes > 0) cut(MAX_CHUNK_BYTES);
      await sending;
    },
  };
}
