import { checkpoint } from '../cancel.js';

/**
 * What numpy's `bitgen_t` gives the distributions: 32- and 64-bit words.
 * @internal
 */
export interface BitSource {
  /** `next_uint32`: an unsigned 32-bit word. */
  nextUint32(): number;
  /** `next_uint64`: an unsigned 64-bit word. */
  nextUint64(): bigint;
}

/**
 * numpy's `random_interval(bitgen, max)`: a uniform integer in [0, max] by masked rejection.
 *
 * numpy/random/src/distributions/distributions.c@v1.24.2 random_interval:
 * `mask = max | max >> 1 | …; if (max <= 0xffffffffUL) while ((value = (next_uint32(bitgen_state) & mask)) > max);
 *  else while ((value = (next_uint64(bitgen_state) & mask)) > max);`
 * @internal
 * @example interval(new RandomState(42), 9) // 6, the first swap of RandomState(42).permutation(10)
 */
export function interval(src: BitSource, max: number): number {
  if (max === 0) return 0;
  if (max <= 0xffffffff) {
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    let v: number;
    do v = (src.nextUint32() & mask) >>> 0;
    while (v > max);
    return v;
  }
  const m = BigInt(max);
  let mask = m;
  for (let s = 1n; s <= 32n; s *= 2n) mask |= mask >> s;
  let v: bigint;
  do v = src.nextUint64() & mask;
  while (v > m);
  return Number(v);
}

/** Swap targets drawn ahead per run of the shuffle. */
const J_RUN = 8192;
let jBuf: Int32Array | null = null;

/**
 * numpy's `_shuffle_raw` on a 1-d array: `for i in reversed(range(1, n)): j = random_interval(bitgen, i); swap`.
 * The same draws as `RandomState.shuffle` and `Generator.shuffle` of any 1-d array.
 * @internal
 */
export function shuffleInPlace<T>(src: BitSource, x: { length: number; [i: number]: T }): void {
  const n = x.length;
  if (n <= 0x80000000) {
    // Fast path: every max is below 2^31; the mask only shrinks as i falls. The j of a run of i are
    // drawn first (they depend on i and the stream only), then swapped: the swaps' cache misses overlap.
    const js = (jBuf ??= new Int32Array(J_RUN));
    let mask = 0xffffffff;
    for (let hi = n - 1; hi >= 1; hi -= J_RUN) {
      checkpoint();
      const lo = Math.max(1, hi - J_RUN + 1);
      for (let i = hi; i >= lo; i--) {
        while (mask >>> 1 >= i) mask >>>= 1;
        let j: number;
        do j = (src.nextUint32() & mask) >>> 0;
        while (j > i);
        js[hi - i] = j;
      }
      for (let i = hi; i >= lo; i--) {
        const j = js[hi - i]!;
        const t = x[i]!;
        x[i] = x[j]!;
        x[j] = t;
      }
    }
    return;
  }
  for (let i = n - 1; i >= 1; i--) {
    if (i % 65536 === 0) checkpoint();
    const j = interval(src, i);
    const t = x[i]!;
    x[i] = x[j]!;
    x[j] = t;
  }
}

/** `permutation(n)` = shuffle of `arange(n)`: an Int32Array for n < 2^31 (a negative n gives `[]`, as numpy). @internal */
export function permutationOf(src: BitSource, n: number): Int32Array {
  const out = new Int32Array(Math.max(0, n));
  for (let i = 0; i < out.length; i++) out[i] = i;
  shuffleInPlace(src, out);
  return out;
}
