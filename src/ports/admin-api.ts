/**
 * The admin command surface (SPEC §14, §18) as one port with two adapters: *direct* (calls the
 * domain on the configured database) and *via server* (the same calls over the admin socket of
 * a running `serve` that holds the embedded database). Inputs and outputs are plain JSON values
 * in the wire shapes of the runbook, so both adapters answer byte-for-byte alike.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One admin call: a command name (`runner.register`) and its JSON input. */
export interface AdminCall {
  command: string;
  input: { [key: string]: Json | undefined };
}

export interface AdminApi {
  /**
   * Runs one admin command. Each command is atomic on its own; a failed command changes
   * nothing. Expected failures reject with a DomainError (kind + code + message).
   */
  call(call: AdminCall): Promise<Json>;
  /** Releases whatever the adapter holds (database, lock, socket). Idempotent. */
  close(): Promise<void>;
}
