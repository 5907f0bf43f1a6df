import type { Random } from '../../src/ports/random.js';

/** Deterministic "random" bytes: a counter spread over the requested length. */
export class SeqRandom implements Random {
  private counter = 0;

  bytes(n: number): Uint8Array {
    this.counter += 1;
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = (this.counter * 31 + i * 7) & 0xff;
    out[0] = this.counter & 0xff;
    if (n > 1) out[1] = (this.counter >> 8) & 0xff;
    return out;
  }
}
