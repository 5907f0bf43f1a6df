/** One-way password hashing for web UI sign-in. */
export interface PasswordHasher {
  /** A self-describing hash string (algorithm, parameters, salt) of `password`. */
  hash(password: string): Promise<string>;
  /** True when `password` matches `hash`; false for a mismatch or a malformed hash. Constant-time. */
  verify(password: string, hash: string): Promise<boolean>;
}
