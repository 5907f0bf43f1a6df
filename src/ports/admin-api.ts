/**
 * The admin command surface (SPEC §14, §18) as one port with two adapters: *direct* (calls the
 * domain on the configured database) and *via server* (the same calls over the admin socket of
 * a running `serve` that holds the embedded database). Inputs and outputs are plain JSON values
 * in the wire shapes of the runbook, so both adapters answer byte-for-byte alike.
 *
 * The port is generic over a command map: which commands exist, what each takes and what it
 * answers. The app's command table (`apps/shithubd/admin/admin-commands.ts`) supplies the map,
 * so this file stays free of app types.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The input of one command as it travels: a JSON record whose absent keys may be `undefined`. */
export type AdminCallInput = { [key: string]: Json | undefined };

/** Per command name (`runner.register`): the input a caller sends and the result it gets back. */
export type AdminCommandMap = { [name: string]: { input: AdminCallInput; result: Json } };

/** One call of a command of `M` (of `K`, when given): its name and an input of that command. */
export type AdminCall<M extends AdminCommandMap, K extends keyof M & string = keyof M & string> = {
  [P in K]: { command: P; input: M[P]['input'] };
}[K];

export interface AdminApi<M extends AdminCommandMap> {
  /**
   * Runs one admin command. Each command is atomic on its own; a failed command changes
   * nothing. Expected failures — an input its command's schema refuses included — reject with
   * a DomainError (kind + code + message).
   */
  call<K extends keyof M & string>(name: K, input: M[K]['input']): Promise<M[K]['result']>;
  /** Releases whatever the adapter holds (database, lock, socket). Idempotent. */
  close(): Promise<void>;
}
