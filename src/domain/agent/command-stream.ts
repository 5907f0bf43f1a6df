/**
 * Workflow commands on a step's raw output (GitHub's `::…::` lines), handled before the log
 * is scrubbed so `::add-mask::` hides its value from that line on and its own line prints as
 * `::add-mask::***`. Lines are cut at `\n`; only a line that starts (after white space) with
 * `::` is held until its end, every other byte passes through at once, so live output stays
 * live. See `handleCommand` for what each command does.
 */
import { concatBytes } from '../bytes.js';
import type { CommandEffects } from './command-effects.js';
import { handleCommand } from './command-effects.js';
import { parseWorkflowCommand } from './workflow-commands.js';

/** A command line longer than this is printed as text, unprocessed. */
export const MAX_COMMAND_LINE_BYTES = 1024 * 1024;

export interface CommandStream {
  /** Processes raw output; returns what the log shows (not yet scrubbed). */
  push(chunk: Uint8Array): Uint8Array;
  /** Ends the output: a last line without `\n` is processed too. */
  flush(): Uint8Array;
}

const NEWLINE = 0x0a;
const COLON = 0x3a;
const isBlank = (byte: number) => byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** What a line's start says: a possible command, plain text, or too short to tell. */
function classify(line: Uint8Array): 'command' | 'text' | 'undecided' {
  let i = 0;
  while (i < line.length && isBlank(line[i]!) && line[i] !== NEWLINE) i++;
  if (line.length - i < 2) return line[i] === undefined || line[i] === COLON ? 'undecided' : 'text';
  return line[i] === COLON && line[i + 1] === COLON ? 'command' : 'text';
}

export function createCommandStream(effects: CommandEffects): CommandStream {
  let held: Uint8Array[] = [];
  let heldBytes = 0;
  let inText = false;

  /** A whole line (with its `\n`, if any) as the log shows it. */
  function lineOut(bytes: Uint8Array): Uint8Array {
    if (classify(bytes) !== 'command' || bytes.length > MAX_COMMAND_LINE_BYTES) return bytes;
    const text = decoder.decode(bytes);
    const newline = text.endsWith('\r\n') ? '\r\n' : text.endsWith('\n') ? '\n' : '';
    const line = text.slice(0, text.length - newline.length);
    const shown = handleCommand(effects, line, parseWorkflowCommand(line));
    return shown === null ? new Uint8Array(0) : encoder.encode(`${shown}${newline}`);
  }

  function release(): Uint8Array {
    const line = concatBytes(held);
    held = [];
    heldBytes = 0;
    return line;
  }

  return {
    push(chunk) {
      const out: Uint8Array[] = [];
      let at = 0;
      while (at < chunk.length) {
        const newline = chunk.indexOf(NEWLINE, at);
        const end = newline < 0 ? chunk.length : newline + 1;
        const piece = chunk.slice(at, end);
        at = end;
        if (inText) {
          out.push(piece);
          inText = newline < 0;
          continue;
        }
        held.push(piece);
        heldBytes += piece.length;
        if (newline >= 0) {
          out.push(lineOut(release()));
          continue;
        }
        const verdict = classify(concatBytes(held));
        if (verdict === 'text' || heldBytes > MAX_COMMAND_LINE_BYTES) {
          out.push(release());
          inText = true;
        }
      }
      return concatBytes(out);
    },
    flush() {
      inText = false;
      return heldBytes === 0 ? new Uint8Array(0) : lineOut(release());
    },
  };
}
