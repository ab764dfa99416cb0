import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { initGenrand, mersenneAt, MT_N as N } from '../mt19937.js';
import { NumpyError } from './errors.js';
import { type BitSource, interval, permutationOf, shuffleInPlace } from './bitSource.js';

/** = 2^32 - 1, the largest legacy seed. */
const MAX_SEED = 0xffffffffn;
/** = 2^63, first value numpy no longer stores as int64. */
const TWO_POW_63 = 1n << 63n;
/** = 2^64 */
const TWO_POW_64 = 1n << 64n;

/** A seed as numpy's legacy `RandomState(seed)` takes it: an integer, or a 1-d sequence of integers. */
export type LegacySeed = number | bigint | readonly (number | bigint)[];

/**
 * MT19937 reference `init_by_array(key)`, as numpy's `mt19937_init_by_array`
 * (numpy/random/src/mt19937/mt19937.c@v1.24.2).
 * @internal
 */
export function initByArray(key: ArrayLike<number>): Uint32Array {
  const mt = initGenrand(19650218);
  const len = key.length;
  let i = 1;
  let j = 0;
  for (let k = Math.max(N, len); k > 0; k--) {
    // mt[i] = (mt[i] ^ ((mt[i-1] ^ (mt[i-1] >> 30)) * 1664525UL)) + init_key[j] + j; /* non linear */
    const p = mt[i - 1]!;
    mt[i] = ((mt[i]! ^ Math.imul(p ^ (p >>> 30), 1664525)) + key[j]! + j) >>> 0;
    i++;
    j++;
    if (i >= N) {
      mt[0] = mt[N - 1]!;
      i = 1;
    }
    if (j >= len) j = 0;
  }
  for (let k = N - 1; k > 0; k--) {
    // mt[i] = (mt[i] ^ ((mt[i-1] ^ (mt[i-1] >> 30)) * 1566083941UL)) - i; /* non linear */
    const p = mt[i - 1]!;
    mt[i] = ((mt[i]! ^ Math.imul(p ^ (p >>> 30), 1566083941)) - i) >>> 0;
    i++;
    if (i >= N) {
      mt[0] = mt[N - 1]!;
      i = 1;
    }
  }
  mt[0] = 0x80000000; // MSB is 1; assuring non-zero initial array
  return mt;
}

/** numpy's dtype name for `np.asarray(list_of_ints)`, to word its TypeError as numpy does. */
function arrayDtype(values: readonly bigint[]): string {
  let big = false;
  let neg = false;
  for (const v of values) {
    if (v < -TWO_POW_63 || v >= TWO_POW_64) return 'O';
    if (v >= TWO_POW_63) big = true;
    if (v < 0n) neg = true;
  }
  if (big) return neg ? 'float64' : 'uint64';
  return 'int64';
}

/**
 * Validates a legacy seed and returns the MT19937 key words numpy seeds with
 * (numpy/random/_mt19937.pyx@v1.24.2 `_legacy_seeding`).
 * @throws NumpyError `Seed must be between 0 and 2**32 - 1`, `Seed must be non-empty`, or numpy's cast TypeError.
 */
export function legacySeedState(seed: LegacySeed): Uint32Array {
  if (typeof seed === 'number' || typeof seed === 'bigint') {
    if (typeof seed === 'number' && !Number.isInteger(seed)) {
      throw new NumpyError("Cannot cast scalar from dtype('float64') to dtype('int64') according to the rule 'safe'", 'TypeError');
    }
    const v = BigInt(seed);
    // if idx > int(2**32 - 1) or idx < 0: raise ValueError("Seed must be between 0 and 2**32 - 1")
    if (v < 0n || v > MAX_SEED) throw new NumpyError('Seed must be between 0 and 2**32 - 1');
    return initGenrand(Number(v));
  }
  // obj = np.asarray(seed); if obj.size == 0: raise ValueError("Seed must be non-empty")
  if (seed.length === 0) throw new NumpyError('Seed must be non-empty');
  const vals = seed.map((v) => {
    if (typeof v === 'number' && !Number.isInteger(v)) {
      throw new NumpyError("Cannot cast array data from dtype('float64') to dtype('int64') according to the rule 'safe'", 'TypeError');
    }
    return BigInt(v);
  });
  // obj = obj.astype(np.int64, casting='safe')
  const dtype = arrayDtype(vals);
  if (dtype !== 'int64') {
    throw new NumpyError(`Cannot cast array data from dtype('${dtype}') to dtype('int64') according to the rule 'safe'`, 'TypeError');
  }
  if (vals.some((v) => v < 0n || v > MAX_SEED)) throw new NumpyError('Seed must be between 0 and 2**32 - 1');
  return initByArray(vals.map((v) => Number(v)));
}

/**
 * numpy's legacy generator `numpy.random.RandomState(seed)` (MT19937, the one scikit-learn seeds from an int),
 * drawing from pure-rand's `mersenne` engine — the torch side's core — with numpy's own seeding.
 *
 * A fresh state has `pos = 624`: the first draw regenerates all 624 words, which is pure-rand's
 * state after one full twist with index 0.
 * @example new RandomState(42).permutation(10) // [8, 1, 5, 0, 7, 2, 9, 4, 3, 6]
 */
export class RandomState implements BitSource {
  private readonly rng: RandomGenerator;

  /** @throws NumpyError for seeds numpy refuses (see `legacySeedState`). */
  constructor(seed: LegacySeed) {
    this.rng = mersenneAt(legacySeedState(seed), N);
  }

  /** `mt19937_next32`: the next tempered word, unsigned. */
  nextUint32(): number {
    return this.rng.next() >>> 0;
  }

  /** numpy's legacy `next_uint64`: two words, the first is the high half (this GCC build evaluates left to right). */
  nextUint64(): bigint {
    const hi = this.rng.next() >>> 0;
    const lo = this.rng.next() >>> 0;
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /**
   * `random_sample()`: `(a * 67108864.0 + b) / 9007199254740992.0` with `a = w1 >> 5`, `b = w2 >> 6`.
   * @example new RandomState(0).randomSample() // 0.5488135039273248
   */
  randomSample(): number {
    const a = (this.rng.next() >>> 0) >>> 5;
    const b = (this.rng.next() >>> 0) >>> 6;
    return (a * 67108864 + b) / 9007199254740992; // = 2^26, 2^53
  }

  /** `random_interval(max)`: uniform in [0, max] by masked rejection. */
  interval(max: number): number {
    return interval(this, max);
  }

  /** `shuffle(x)` of a 1-d array, in place. */
  shuffle<T>(x: { length: number; [i: number]: T }): void {
    shuffleInPlace(this, x);
  }

  /**
   * `permutation(n)`: a shuffled `arange(n)` (`[]` for n ≤ 0, as numpy).
   * @example new RandomState(42).permutation(10) // [8, 1, 5, 0, 7, 2, 9, 4, 3, 6]
   */
  permutation(n: number): Int32Array {
    return permutationOf(this, n);
  }
}
