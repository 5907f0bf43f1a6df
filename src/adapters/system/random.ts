import { randomBytes } from 'node:crypto';
import type { Random } from '../../ports/random.js';

/** Randomness from the operating system's CSPRNG. */
export class CryptoRandom implements Random {
  bytes(n: number): Uint8Array {
    return new Uint8Array(randomBytes(n));
  }
}
