/** A sealed value: authenticated ciphertext plus the nonce it was sealed with. */
export interface SealedValue {
  ciphertext: Uint8Array;
  nonce: Uint8Array;
}

/** Authenticated encryption of secrets at rest under one server key. */
export interface SecretBox {
  /** Seals `plaintext` with a fresh random nonce; two seals of one value differ. */
  seal(plaintext: Uint8Array): SealedValue;
  /**
   * Opens a value sealed by `seal` under the same key. Throws (an infrastructure
   * failure: wrong key or tampered data) when authentication fails.
   */
  open(sealed: SealedValue): Uint8Array;
}
