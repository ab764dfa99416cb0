import { PROFILES, type TorchProfile } from '../generator/profile.js';
import { warn } from '../../warnings.js';
import type { Generator } from '../generator/generator.js';
import { TorchError } from '../../errors.js';
import { checkSize, FLOAT_MAX } from './checks.js';
import { cppTypeName } from './format.js';
import { halfRounder } from './half.js';
import { allocate, isHalf, makeTensor, numel, type DType, type Tensor } from './tensor.js';

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
/** = 2^53, the largest magnitude below which every integer is a double */
const SAFE = 1n << 53n;

/** Integer range of each dtype ([lowest, max] as the bounds check sees them; floats as int64 of the double bound). */
const INT_BOUNDS: Partial<Record<DType, [bigint, bigint]>> = {
  int64: [INT64_MIN, INT64_MAX],
  int32: [-(1n << 31n), (1n << 31n) - 1n],
  int16: [-(1n << 15n), (1n << 15n) - 1n],
  int8: [-128n, 127n],
  uint8: [0n, 255n],
  bool: [0n, 1n],
};

/** std::numeric_limits<scalar_t>::digits of the float dtypes */
const DIGITS: Partial<Record<DType, number>> = { float32: 24, float64: 53, float16: 11, bfloat16: 8 };


/** The largest float16, as an integer. */
const HALF_MAX = BigInt(FLOAT_MAX.float16);

/** Rounds an integer to the nearest value with `digits` significant bits, ties to even (int64 -> float conversion). */
export function roundToDigits(v: bigint, digits: number): bigint {
  const a = v < 0n ? -v : v;
  const bits = a.toString(2).length;
  if (bits <= digits) return v;
  const shift = BigInt(bits - digits);
  const unit = 1n << shift;
  let q = a >> shift;
  const rem = a - (q << shift);
  const half = unit >> 1n;
  if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  const r = q << shift;
  return v < 0n ? -r : r;
}

/**
 * `static_cast<int64_t>(static_cast<scalar_t>(v))` on x86-64: out-of-range gives INT64_MIN (cvttsd2si).
 * c10::Half and c10::BFloat16 convert an int64 through float (two roundings), and a Half beyond 65504
 * rounds to infinity, which converts to INT64_MIN too.
 */
function castThroughFloat(v: bigint, dtype: DType): bigint {
  const digits = DIGITS[dtype]!;
  const r = digits < 24 ? roundToDigits(roundToDigits(v, 24), digits) : roundToDigits(v, digits);
  if (dtype === 'float16' && (r > HALF_MAX || r < -HALF_MAX)) return INT64_MIN;
  return r > INT64_MAX || r < INT64_MIN ? INT64_MIN : r;
}

/** floor(log2(|v|)) as torch's `while (from_ >>= 1) ++n;` computes it. */
function log2Floor(v: bigint): number {
  const a = v < 0n ? -v : v;
  return a === 0n ? 0 : a.toString(2).length - 1;
}

/**
 * DistributionTemplates.h@v1.13.1 update_from<scalar_t>:
 * `const auto from_plus_1 = static_cast<int64_t>(static_cast<scalar_t>(from + 1));`
 * `if (from_plus_1 < from) { ... from = from_plus_1 + (1LL << (n - std::numeric_limits<scalar_t>::digits + 1)); }`
 */
function updateFrom(from: bigint, dtype: DType): bigint {
  const digits = DIGITS[dtype]!;
  const fromPlus1 = castThroughFloat(from + 1n, dtype);
  if (fromPlus1 < from) return fromPlus1 + (1n << BigInt(log2Floor(from + 1n) - digits + 1));
  return from;
}

/**
 * update_to<scalar_t>:
 * `const auto to_minus_1 = static_cast<int64_t>(static_cast<scalar_t>(to - 1));`
 * `if (to_minus_1 >= to) { ... to = to_minus_1 - (1LL << (n - std::numeric_limits<scalar_t>::digits + 1)); }`
 */
function updateTo(to: bigint, dtype: DType): bigint {
  const digits = DIGITS[dtype]!;
  const toMinus1 = castThroughFloat(to - 1n, dtype);
  if (toMinus1 >= to) return toMinus1 - (1n << BigInt(log2Floor(to - 1n) - digits + 1));
  return to;
}

/** The float bounds check of `check_from_to_in_range` (lowest/max of the dtype as doubles). */
function checkFloatBound(v: bigint, what: string, dtype: DType): void {
  const max = FLOAT_MAX[dtype]!;
  const d = Number(v);
  if (!(d >= -max && d <= max)) throw new TorchError(`${what} is out of bounds for ${cppTypeName(dtype)}`);
}

/**
 * aten/src/ATen/native/DistributionTemplates.h@v1.13.1 (and v2.13.0) WARN_OUT_OF_BOUNDS:
 * `if (var < -(1LL << digits) || var > (1LL << digits)) { TORCH_WARN(name , " is out of bounds [-(2^", digits, "), 2^", digits, "]. ",
 * "Due to precision limitations ", dtype, " can support discrete uniform distribution only within this range. ",
 * "This warning will become an error in version 1.7 release, please fix the code in advance"); }`
 */
function warnOutOfBounds(v: bigint, name: string, digits: number, dtype: DType): void {
  const lim = 1n << BigInt(digits);
  if (v < -lim || v > lim) {
    warn(
      `${name} is out of bounds [-(2^${digits}), 2^${digits}]. Due to precision limitations ${cppTypeName(dtype)} can support discrete uniform distribution only within this range. This warning will become an error in version 1.7 release, please fix the code in advance`,
    );
  }
}

/**
 * Validates `random_(from, to)` on a dtype exactly as torch 1.13 does and returns the effective
 * [from, to) after the float adjustments (random_from_to_impl, check_from_to_in_range).
 */
export function checkRandintArgs(low: bigint, high: bigint, dtype: DType, profile: TorchProfile = PROFILES['1.13']): [bigint, bigint] {
  if (low < INT64_MIN || low > INT64_MAX || high < INT64_MIN || high > INT64_MAX) {
    // Python's int -> int64 argument parsing: 1.13 RuntimeError "Overflow when unpacking long",
    // 2.x (torch/csrc/utils/python_arg_parser.h@v2.13.0) ValueError "Overflow when unpacking long long"
    const path = low < INT64_MIN || low > INT64_MAX ? 'low' : 'high';
    if (profile.version === '1.13') throw new TorchError('Overflow when unpacking long', 'RuntimeError', path);
    throw new TorchError('Overflow when unpacking long long', 'ValueError', path);
  }
  // TORCH_CHECK(from < to, "random_ expects 'from' to be less than 'to', but got from=", from, " >= to=", to);
  if (!(low < high)) throw new TorchError(`random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
  let from = low;
  let to = high;
  const digits = DIGITS[dtype];
  if (digits !== undefined) {
    from = updateFrom(from, dtype);
    to = updateTo(to, dtype);
    if (!(from < to)) {
      throw new TorchError(`random_ expects 'from' casted to dtype to be less than 'to' casted to dtype, but got from=${from} >= to=${to}`);
    }
    checkFloatBound(from, 'from', dtype);
    checkFloatBound(to - 1n, 'to - 1', dtype);
    warnOutOfBounds(from, 'from', digits, dtype);
    warnOutOfBounds(to - 1n, 'to - 1', digits, dtype);
  } else {
    const [min, max] = INT_BOUNDS[dtype]!;
    if (from < min || from > max) throw new TorchError(`from is out of bounds for ${cppTypeName(dtype)}`);
    if (to - 1n < min || to - 1n > max) throw new TorchError(`to - 1 is out of bounds for ${cppTypeName(dtype)}`);
  }
  return [from, to];
}

/** int64 -> float32 as C++'s static_cast<float> (one rounding). */
function int64ToFloat32(v: bigint): number {
  return v >= -SAFE && v <= SAFE ? Math.fround(Number(v)) : Number(roundToDigits(v, 24));
}

/** Stores int64 results (exact BigInts) into the dtype's storage, with C++'s conversions. */
function store(values: BigInt64Array, dtype: DType): Tensor['data'] {
  const n = values.length;
  if (dtype === 'int64') {
    let safe = true;
    for (let i = 0; i < n; i++) if (values[i]! > SAFE || values[i]! < -SAFE) safe = false;
    return safe ? Float64Array.from(values, (v) => Number(v)) : values;
  }
  const out = allocate(dtype, n);
  if (dtype === 'float32') for (let i = 0; i < n; i++) out[i] = int64ToFloat32(values[i]!);
  else if (isHalf(dtype)) {
    // static_cast<at::Half>(int64_t) converts through float: two roundings (c10/util/Half.h `Half(float value)`)
    const round = halfRounder(dtype);
    for (let i = 0; i < n; i++) out[i] = round(int64ToFloat32(values[i]!));
  }
  else if (dtype === 'bool') for (let i = 0; i < n; i++) out[i] = values[i] !== 0n ? 1 : 0;
  else for (let i = 0; i < n; i++) out[i] = Number(values[i]!); // float64 (RN), or an in-range narrow int
  return out;
}

/** Words drawn per bulk call. */
const CHUNK = 8192;

/**
 * out[i] = random() % r + base for r <= 2^32 (one word each), computed without a division per element:
 * q = floor(w / r) from the double reciprocal is off by at most one (w < 2^32, relative error 2^-52),
 * and the exact integer remainder w - q * r is corrected into [0, r). mode: 0 store, 1 fround, 2 bool.
 */
function fillRandintSmall(g: Generator, out: { length: number; [i: number]: number }, r: number, base: number, mode: number): void {
  const n = out.length;
  const words = new Int32Array(Math.min(n, CHUNK));
  const inv = 1 / r;
  for (let start = 0; start < n; start += CHUNK) {
    const m = Math.min(CHUNK, n - start);
    g.fillInt32(words, m);
    for (let j = 0; j < m; j++) {
      const w = words[j]! >>> 0;
      let rem = w - Math.floor(w * inv) * r;
      if (rem < 0) rem += r;
      else if (rem >= r) rem -= r;
      const v = rem + base;
      out[start + j] = mode === 0 ? v : mode === 1 ? Math.fround(v) : v !== 0 ? 1 : 0;
    }
  }
}

/** fillRandintSmall's arithmetic for int32 storage: words drawn straight into the output, then mapped in place. */
function fillRandintInt32(g: Generator, out: Int32Array, r: number, base: number): void {
  const n = out.length;
  // long runs: the same arithmetic fused with the draws in WebAssembly (SIMD)
  if (g.fillRandintInt32(out, r, base)) return;
  g.fillInt32(out, n);
  const inv = 1 / r;
  for (let i = 0; i < n; i++) {
    const w = out[i]! >>> 0;
    let rem = w - Math.floor(w * inv) * r;
    if (rem < 0) rem += r;
    else if (rem >= r) rem -= r;
    out[i] = rem + base;
  }
}

/**
 * `torch.randint(low, high, size, dtype=dtype)` = `torch.empty(size, dtype).random_(low, high)`.
 *
 * aten/src/ATen/core/DistributionsHelper.h@v2.13.0 uniform_int_from_to_distribution:
 * `if (range_ >= 1ULL << 28) // allow approx 5% skew in uniform int generation using %` then random64(), every dtype.
 * 1.13 (below) draws 64 bits from 2^32 and only for int64/double/float/BFloat16.
 *
 * aten/src/ATen/core/DistributionsHelper.h@v1.13.1 uniform_int_from_to_distribution:
 * `if ((std::is_same<T, int64_t>::value || std::is_same<T, double>::value || std::is_same<T, float>::value || ...) && range_ >= 1ULL << 32)`
 * `{ return transformation::uniform_int_from_to<T>(generator->random64(), range_, base_); }`
 * `else { return transformation::uniform_int_from_to<T>(generator->random(), range_, base_); }`
 * TransformationHelper.h: `return static_cast<T>(static_cast<int64_t>((val % range) + base));`
 * @example randintTensor(new Generator(0n), 0n, 10n, [3], 'int64').data // [4, 9, 3], as torch.manual_seed(0); torch.randint(0, 10, (3,))
 */
export function randintTensor(g: Generator, low: bigint, high: bigint, size: number[], dtype: DType = 'int64'): Tensor {
  checkSize(size);
  const [from, to] = checkRandintArgs(low, high, dtype, g.profile);
  const n = numel(size);
  const range = BigInt.asUintN(64, to - from);
  // the 64-bit threshold of the request's torch build (profile.ts randintWide64From: 2^28 in 2.x, 2^32 in 1.13)
  const p = g.profile;
  const wide = (p.randintWideAnyDtype || dtype === 'int64' || dtype === 'float64' || dtype === 'float32' || dtype === 'bfloat16') && range >= p.randintWide64From;
  if (!wide && from >= -SAFE && to <= SAFE) {
    // Every result is a double: the fast path. range < 2^32, or a narrow dtype where range may be 2^32 (random() % 2^32 = random()).
    const r = Number(range);
    const base = Number(from);
    if (dtype === 'int64' && from >= -(1n << 31n) && to <= 1n << 31n) {
      // int64 values that fit in 32 bits are stored as int32 (half the memory, a monomorphic loop)
      const out = new Int32Array(n);
      fillRandintInt32(g, out, r, base);
      return makeTensor(size, dtype, out);
    }
    if (isHalf(dtype)) {
      // each value through float, then to the half type (c10 `Half(float)` / `BFloat16(float)`)
      const out = new Float32Array(n);
      fillRandintSmall(g, out, r, base, 1);
      const round = halfRounder(dtype);
      for (let i = 0; i < n; i++) out[i] = round(out[i]!);
      return makeTensor(size, dtype, out);
    }
    const out = allocate(dtype === 'int64' ? 'float64' : dtype, n);
    fillRandintSmall(g, out, r, base, dtype === 'float32' ? 1 : dtype === 'bool' ? 2 : 0);
    return makeTensor(size, dtype, out);
  }
  const values = new BigInt64Array(n);
  for (let i = 0; i < n; i++) {
    const v = wide ? g.random64() : BigInt(g.random());
    values[i] = BigInt.asIntN(64, (v % range) + from);
  }
  return makeTensor(size, dtype, store(values, dtype));
}
