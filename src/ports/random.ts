/** The only source of randomness for the domain (tokens, jtis, idempotency suffixes). */
export interface Random {
  /** `n` cryptographically strong random bytes. */
  bytes(n: number): Uint8Array;
}
