import { LimitError } from '../errors.js';
import { NumpyError } from './errors.js';
import type { BitSource } from './bitSource.js';
import { defaultRng, type NumpyGenerator } from './pcg64.js';
import { RandomState, type LegacySeed } from './randomState.js';

/** The two numpy generators of `/v1/numpy/*`. */
export type DrawGenerator = 'RandomState' | 'default_rng';

/** = 2^64 - 1 */
const U64 = (1n << 64n) - 1n;
/** int64 bounds */
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

/** `_gen_mask(max)`: the smallest all-ones mask covering max. */
function genMask(max: bigint): bigint {
  let m = max;
  for (let s = 1n; s <= 32n; s *= 2n) m |= m >> s;
  return m;
}

/**
 * numpy/random/src/distributions/distributions.c `random_bounded_uint64_fill` with `use_masked`:
 * legacy `RandomState.randint` (masked rejection on 32-bit words below 2^32, 64-bit words above).
 */
function maskedBounded(src: BitSource, rng: bigint): bigint {
  if (rng === 0n) return 0n;
  if (rng <= 0xffffffffn) {
    if (rng === 0xffffffffn) return BigInt(src.nextUint32());
    const r = Number(rng);
    const mask = Number(genMask(rng));
    let v: number;
    // buffered_bounded_masked_uint32: while ((val = (next_uint32(bitgen_state) & mask)) > rng);
    do v = (src.nextUint32() & mask) >>> 0;
    while (v > r);
    return BigInt(v);
  }
  if (rng === U64) return src.nextUint64();
  const mask = genMask(rng);
  let v: bigint;
  // bounded_masked_uint64: while ((val = (next_uint64(bitgen_state) & mask)) > rng);
  do v = src.nextUint64() & mask;
  while (v > rng);
  return v;
}

/**
 * distributions.c `buffered_bounded_lemire_uint32` (no buffer for 32-bit draws):
 * `m = (uint64_t)next_uint32 * rng_excl; leftover = m & 0xFFFFFFFF; if (leftover < rng_excl) { threshold =
 * (UINT32_MAX - rng) % rng_excl; while (leftover < threshold) redraw } return m >> 32`.
 */
function lemire32(src: BitSource, rng: number): number {
  const excl = rng + 1;
  let m = BigInt(src.nextUint32()) * BigInt(excl);
  let leftover = Number(m & 0xffffffffn);
  if (leftover < excl) {
    const threshold = (0xffffffff - rng) % excl;
    while (leftover < threshold) {
      m = BigInt(src.nextUint32()) * BigInt(excl);
      leftover = Number(m & 0xffffffffn);
    }
  }
  return Number(m >> 32n);
}

/** distributions.c `bounded_lemire_uint64`: the 128-bit product of `next_uint64` and `rng + 1`. */
function lemire64(src: BitSource, rng: bigint): bigint {
  const excl = rng + 1n;
  let m = src.nextUint64() * excl;
  let leftover = m & U64;
  if (leftover < excl) {
    const threshold = (U64 - rng) % excl;
    while (leftover < threshold) {
      m = src.nextUint64() * excl;
      leftover = m & U64;
    }
  }
  return m >> 64n;
}

/** `random_bounded_uint64(bitgen, 0, rng, 0, use_masked=0)`: Generator's bounded draw (Lemire). */
function lemireBounded(src: BitSource, rng: bigint): bigint {
  if (rng === 0n) return 0n;
  if (rng <= 0xffffffffn) return rng === 0xffffffffn ? BigInt(src.nextUint32()) : BigInt(lemire32(src, Number(rng)));
  if (rng === U64) return src.nextUint64();
  return lemire64(src, rng);
}

/** Options of `/v1/numpy/integers`. */
export interface IntegersOptions {
  readonly seed: LegacySeed;
  readonly generator: DrawGenerator;
  readonly low: bigint;
  /** null: numpy's `[0, low)`. */
  readonly high: bigint | null;
  /** null: one draw (a scalar). */
  readonly size: number | null;
}

/**
 * `RandomState(seed).randint(low, high, size)` (int64; masked rejection) or
 * `default_rng(seed).integers(low, high, size)` (int64; Lemire), numpy/random/_bounded_integers.pyx `_rand_int64`.
 * @throws NumpyError `low >= high`, `low is out of bounds for int64`, `high is out of bounds for int64`.
 * @example numpyIntegers({ seed: 42, generator: 'RandomState', low: 0n, high: 10n, size: 3 }) // [6n, 3n, 7n]
 */
export function numpyIntegers(o: IntegersOptions, maxN = 10_000_000): bigint[] {
  let low = o.low;
  let high = o.high;
  if (high === null) {
    high = low;
    low = 0n;
  }
  const n = o.size ?? 1;
  if (n > maxN) throw new LimitError('MAX_SAMPLES', maxN, n);
  const src = source(o.seed, o.generator);
  if (n === 0) return [];
  // if not closed: high -= 1; bounds checks; if low > high: raise ValueError(format_bounds_error(closed, low))
  const hi = high - 1n;
  if (low < I64_MIN) throw new NumpyError('low is out of bounds for int64');
  if (hi > I64_MAX) throw new NumpyError('high is out of bounds for int64');
  // numpy 2.x wording (numpy 1.24 said `high <= {low}`)
  if (low > hi) throw new NumpyError('low >= high');
  const rng = hi - low;
  const out: bigint[] = new Array(n);
  const bits = bitsOf(src);
  for (let i = 0; i < n; i++) out[i] = low + (o.generator === 'RandomState' ? maskedBounded(bits, rng) : lemireBounded(bits, rng));
  return out;
}

/** The generator object for a seed. */
function source(seed: LegacySeed, g: DrawGenerator): RandomState | NumpyGenerator {
  return g === 'RandomState' ? new RandomState(seed) : defaultRng(seed);
}

/** The bit source beneath a generator. */
function bitsOf(g: RandomState | NumpyGenerator): BitSource {
  return g instanceof RandomState ? g : g.bitGenerator;
}

/** `random_sample()` / `Generator.random()`: 53 bits as a double. */
function uniform(g: RandomState | NumpyGenerator): number {
  if (g instanceof RandomState) return g.randomSample();
  // next_double for PCG64: (next_uint64 >> 11) * (1.0 / 9007199254740992.0)
  return Number(g.bitGenerator.nextUint64() >> 11n) * (1.0 / 9007199254740992.0);
}

/** `kahan_sum` of numpy/random/_common.pyx (the `p` sum check). */
function kahanSum(p: readonly number[]): number {
  if (p.length === 0) return 0;
  let sum = p[0]!;
  let c = 0;
  for (let i = 1; i < p.length; i++) {
    const y = p[i]! - c;
    const t = sum + y;
    c = t - sum - y;
    sum = t;
  }
  return sum;
}

/** `cdf = np.cumsum(p); cdf /= cdf[-1]; cdf.searchsorted(x, side='right')` for each x. */
function cdfOf(p: ArrayLike<number>): Float64Array {
  const cdf = new Float64Array(p.length);
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    s += p[i]!;
    cdf[i] = s;
  }
  const last = cdf[cdf.length - 1]!;
  for (let i = 0; i < cdf.length; i++) cdf[i] = cdf[i]! / last;
  return cdf;
}

/** First index whose cdf value is > x (searchsorted side='right'). */
function searchRight(cdf: Float64Array, x: number): number {
  let lo = 0;
  let hi = cdf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Options of `/v1/numpy/choice` (an integer population `a` = `arange(a)`). */
export interface ChoiceOptions {
  readonly seed: LegacySeed;
  readonly generator: DrawGenerator;
  readonly a: number;
  /** null: one draw (a scalar). */
  readonly size: number | null;
  readonly replace?: boolean;
  readonly p?: readonly number[] | null;
}

/**
 * `RandomState(seed).choice(a, size, replace, p)` (numpy/random/mtrand.pyx) or `default_rng(seed).choice(...)`
 * (numpy/random/_generator.pyx, `shuffle=True`), for an integer `a`.
 * Legacy: `randint` with replacement, `permutation(a)[:size]` without, cdf + searchsorted on `random_sample`
 * with `p` (without replacement: rounds that zero drawn entries). Generator: `integers` (Lemire) with
 * replacement; without, a tail shuffle when `a > 10000` and `size > a // 50`, else Floyd's algorithm with a
 * hash set, then a shuffle of the result.
 * @throws NumpyError numpy's refusals.
 * @example numpyChoice({ seed: 4294967295, generator: 'RandomState', a: 10, size: 5 }) // [3, 2, 7, 4, 0]
 */
export function numpyChoice(o: ChoiceOptions, maxN = 10_000_000): number[] {
  const legacy = o.generator === 'RandomState';
  const popSize = o.a;
  const size = o.size ?? 1;
  const replace = o.replace ?? true;
  if (size > maxN) throw new LimitError('MAX_SAMPLES', maxN, size);
  if (popSize > maxN && (!replace && o.p === null)) throw new LimitError('MAX_SAMPLES', maxN, popSize);
  const g = source(o.seed, o.generator);
  if (popSize <= 0 && size !== 0) {
    throw new NumpyError(legacy ? 'a must be greater than 0 unless no samples are taken' : 'a cannot be empty unless no samples are taken');
  }
  let p: number[] | null = o.p ? [...o.p] : null;
  if (p) {
    if (p.length !== popSize) throw new NumpyError('a and p must have same size');
    const pSum = kahanSum(p);
    if (Number.isNaN(pSum)) throw new NumpyError('probabilities contain NaN');
    if (p.some((v) => v < 0)) throw new NumpyError(legacy ? 'probabilities are not non-negative' : 'probabilities are not non-negative');
    // atol = np.sqrt(np.finfo(np.float64).eps)
    if (Math.abs(pSum - 1) > Math.sqrt(2.220446049250313e-16)) {
      throw new NumpyError(legacy ? 'probabilities do not sum to 1' : 'Probabilities do not sum to 1. See Notes section of docstring for more information.');
    }
  }
  if (replace) {
    if (p) {
      const cdf = cdfOf(p);
      const out: number[] = new Array(size);
      const u: number[] = new Array(size);
      for (let i = 0; i < size; i++) u[i] = uniform(g);
      for (let i = 0; i < size; i++) out[i] = searchRight(cdf, u[i]!);
      return out;
    }
    return drawInts(g, legacy, popSize, size);
  }
  if (size > popSize) {
    throw new NumpyError(legacy ? "Cannot take a larger sample than population when 'replace=False'" : 'Cannot take a larger sample than population when replace is False');
  }
  if (p) {
    let nonZero = 0;
    for (const v of p) if (v > 0) nonZero++;
    if (nonZero < size) throw new NumpyError('Fewer non-zero entries in p than size');
    const found: number[] = [];
    while (found.length < size) {
      const m = size - found.length;
      const x: number[] = new Array(m);
      for (let i = 0; i < m; i++) x[i] = uniform(g);
      for (const f of found) p[f] = 0;
      const cdf = cdfOf(p);
      const nw = x.map((v) => searchRight(cdf, v));
      // _, unique_indices = np.unique(new, return_index=True); unique_indices.sort(); new = new.take(unique_indices)
      const seen = new Set<number>();
      for (const v of nw) {
        if (!seen.has(v)) {
          seen.add(v);
          found.push(v);
        }
      }
    }
    p = null;
    return found;
  }
  if (g instanceof RandomState) return Array.from(g.permutation(popSize).subarray(0, size));
  const bits = bitsOf(g);
  // if pop_size_i > 10000 and (size_i > (pop_size_i // cutoff)) with cutoff = 50 (shuffle=True)
  if (popSize > 10000 && size > Math.floor(popSize / 50)) {
    const idx = new Float64Array(popSize);
    for (let i = 0; i < popSize; i++) idx[i] = i;
    // _shuffle_int(&self._bitgen, pop_size_i, max(pop_size_i - size_i, 1), idx_data)
    shuffleIntLemire(bits, idx, popSize, Math.max(popSize - size, 1));
    return Array.from(idx.subarray(popSize - size));
  }
  // Floyd's algorithm with an open-addressing hash set of size 1 + _gen_mask(<uint64_t>(1.2 * size))
  const mask = Number(genMask(BigInt(Math.floor(1.2 * size))));
  const set = new Float64Array(mask + 1).fill(-1);
  const out = new Float64Array(size);
  for (let j = popSize - size; j < popSize; j++) {
    const val = Number(lemireBounded(bits, BigInt(j)));
    let loc = val & mask;
    while (set[loc] !== -1 && set[loc] !== val) loc = (loc + 1) & mask;
    if (set[loc] === -1) {
      set[loc] = val;
      out[j - popSize + size] = val;
    } else {
      loc = j & mask;
      while (set[loc] !== -1) loc = (loc + 1) & mask;
      set[loc] = j;
      out[j - popSize + size] = j;
    }
  }
  // if shuffle: self._shuffle_int(size_i, 1, idx_data)
  shuffleIntLemire(bits, out, size, 1);
  return Array.from(out);
}

/** `_shuffle_int(bitgen, n, first, data)`: `for i in reversed(range(first, n)): j = random_bounded_uint64(bitgen, 0, i, 0, 0)`. */
function shuffleIntLemire(bits: BitSource, data: Float64Array, n: number, first: number): void {
  for (let i = n - 1; i >= first; i--) {
    const j = Number(lemireBounded(bits, BigInt(i)));
    const t = data[i]!;
    data[i] = data[j]!;
    data[j] = t;
  }
}

/** `randint(0, pop_size, size)` (legacy, masked) or `integers(0, pop_size, size)` (Generator, Lemire). */
function drawInts(g: RandomState | NumpyGenerator, legacy: boolean, popSize: number, size: number): number[] {
  const bits = bitsOf(g);
  const rng = BigInt(popSize - 1);
  const out: number[] = new Array(size);
  for (let i = 0; i < size; i++) out[i] = Number(legacy ? maskedBounded(bits, rng) : lemireBounded(bits, rng));
  return out;
}

