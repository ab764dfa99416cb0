import { NumpyError } from './errors.js';

/** Pool size of numpy's SeedSequence, in 32-bit words (`DEFAULT_POOL_SIZE`). */
const POOL_SIZE = 4;
/** numpy/random/bit_generator.pyx@v1.24.2 constants: INIT_A, MULT_A, INIT_B, MULT_B, MIX_MULT_L, MIX_MULT_R. */
const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
/** XSHIFT = 4 * 8 // 2 (half the bits of a uint32). */
const XSHIFT = 16;

/** An entropy value as `SeedSequence(entropy)` takes it: a non-negative integer or a sequence of them. */
export type SeedEntropy = number | bigint | readonly (number | bigint)[];

/**
 * `_coerce_to_uint32_array`: an integer becomes its 32-bit words, least significant first (0 → [0]);
 * a sequence concatenates its elements' words.
 * @throws NumpyError `expected non-negative integer` for a negative value.
 */
export function entropyWords(entropy: SeedEntropy): number[] {
  const out: number[] = [];
  const push = (x: number | bigint): void => {
    if (typeof x === 'number' && !Number.isInteger(x)) throw new NumpyError('seed must be integer', 'TypeError');
    let v = BigInt(x);
    // _int_to_uint32_array: if n < 0: raise ValueError("expected non-negative integer")
    if (v < 0n) throw new NumpyError('expected non-negative integer');
    if (v === 0n) {
      out.push(0);
      return;
    }
    while (v > 0n) {
      out.push(Number(v & 0xffffffffn));
      v >>= 32n;
    }
  };
  if (typeof entropy === 'number' || typeof entropy === 'bigint') push(entropy);
  else for (const x of entropy) push(x);
  return out;
}

/**
 * numpy's `SeedSequence(entropy)` (no spawn key, pool size 4): the pool and `generate_state`.
 * @example new SeedSequence(0).generateState(2) // the first two uint32 words of SeedSequence(0).generate_state(2)
 */
export class SeedSequence {
  /** The mixed entropy pool, four uint32 words. */
  readonly pool: Uint32Array;

  constructor(entropy: SeedEntropy) {
    const words = entropyWords(entropy);
    const pool = new Uint32Array(POOL_SIZE);
    let hashConst = INIT_A;
    // hashmix(value, hash_const): value ^= hash_const[0]; hash_const[0] *= MULT_A; value *= hash_const[0]; value ^= value >> XSHIFT
    const hashmix = (value: number): number => {
      let v = (value ^ hashConst) >>> 0;
      hashConst = Math.imul(hashConst, MULT_A) >>> 0;
      v = Math.imul(v, hashConst) >>> 0;
      return (v ^ (v >>> XSHIFT)) >>> 0;
    };
    // mix(x, y): result = (MIX_MULT_L * x - MIX_MULT_R * y); result ^= result >> XSHIFT
    const mix = (x: number, y: number): number => {
      const r = (Math.imul(MIX_MULT_L, x) - Math.imul(MIX_MULT_R, y)) >>> 0;
      return (r ^ (r >>> XSHIFT)) >>> 0;
    };
    for (let i = 0; i < POOL_SIZE; i++) pool[i] = hashmix(i < words.length ? words[i]! : 0);
    for (let src = 0; src < POOL_SIZE; src++) {
      for (let dst = 0; dst < POOL_SIZE; dst++) {
        if (src !== dst) pool[dst] = mix(pool[dst]!, hashmix(pool[src]!));
      }
    }
    for (let src = POOL_SIZE; src < words.length; src++) {
      for (let dst = 0; dst < POOL_SIZE; dst++) pool[dst] = mix(pool[dst]!, hashmix(words[src]!));
    }
    this.pool = pool;
  }

  /** `generate_state(nWords, np.uint32)`; uint64 output pairs these words little-endian (first word low). */
  generateState(nWords: number): Uint32Array {
    const out = new Uint32Array(nWords);
    let hashConst = INIT_B;
    for (let i = 0; i < nWords; i++) {
      let v = (this.pool[i % POOL_SIZE]! ^ hashConst) >>> 0;
      hashConst = Math.imul(hashConst, MULT_B) >>> 0;
      v = Math.imul(v, hashConst) >>> 0;
      out[i] = (v ^ (v >>> XSHIFT)) >>> 0;
    }
    return out;
  }
}
