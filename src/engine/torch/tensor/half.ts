/**
 * float16 and bfloat16 values as the engine holds them: each stored widened in a Float32Array (exact),
 * rounded from float32 as c10 does. JSON then prints the widened value's shortest repr, which is what
 * Python's `tensor.tolist()` prints for a half tensor.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** = 2^-24, the smallest float16 subnormal */
const HALF_MIN_SUB = 5.960464477539063e-8;

/**
 * float32 -> float16 -> float32, round to nearest even (c10/util/Half.h@v2.13.0 `fp16_ieee_from_fp32_value`,
 * the same rounding as the F16C `vcvtps2ph` that AVX2 builds use).
 */
export function roundHalf(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const a = Math.abs(x);
  if (a >= 65520) return x > 0 ? Infinity : -Infinity; // rounds past the largest half (65504)
  // spacing of halves around a: 2^(e - 10) for normal halves, 2^-24 below 2^-14
  let ulp: number;
  if (a < 6.103515625e-5) ulp = HALF_MIN_SUB;
  else ulp = 2 ** (Math.floor(Math.log2(a)) - 10);
  // Math.log2 may be off by one near powers of two: correct the exponent exactly
  if (a >= 6.103515625e-5) {
    while (ulp * 2048 <= a) ulp *= 2;
    while (ulp * 1024 > a) ulp /= 2;
  }
  const q = a / ulp; // exact: a is a float32, ulp a power of two
  let r = Math.floor(q);
  const rem = q - r;
  if (rem > 0.5 || (rem === 0.5 && r % 2 === 1)) r += 1;
  const v = r * ulp;
  return x < 0 ? -v : v;
}

/**
 * float32 -> bfloat16 -> float32: c10/util/BFloat16.h@v2.13.0 `round_to_nearest_even`:
 * `rounding_bias = ((U32 >> 16) & 1) + UINT32_C(0x7FFF); return static_cast<uint16_t>((U32 + rounding_bias) >> 16);` (NaN kept NaN).
 */
export function roundBFloat16(x: number): number {
  if (Number.isNaN(x)) return NaN;
  f32[0] = x;
  const u = u32[0]!;
  const bias = ((u >>> 16) & 1) + 0x7fff;
  u32[0] = ((u + bias) >>> 16) << 16;
  return f32[0]!;
}

/** The rounding of a half dtype (from a float32 value). */
export function halfRounder(dtype: 'float16' | 'bfloat16'): (x: number) => number {
  return dtype === 'float16' ? roundHalf : roundBFloat16;
}

/** IEEE half bits of a float16 value held widened. */
export function halfBits(v: number): number {
  f32[0] = v;
  const u = u32[0]!;
  const sign = (u >>> 16) & 0x8000;
  const exp = (u >>> 23) & 0xff;
  const man = u & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (man ? 0x200 : 0);
  if (v === 0) return sign;
  const e = exp - 127 + 15;
  if (e <= 0) return sign | Math.round(Math.abs(v) / HALF_MIN_SUB); // subnormal (exact)
  return sign | (e << 10) | (man >>> 13);
}

/** bfloat16 bits of a bfloat16 value held widened. */
export function bfloat16Bits(v: number): number {
  f32[0] = v;
  return u32[0]! >>> 16;
}

/**
 * A word as 1.13's `uniform_real_distribution<Half/BFloat16>(0, 1)` reads it (TransformationHelper.h
 * `uniform_real`): `(val & MASK) * DIVISOR` with `MASK = (1 << digits) - 1`, `DIVISOR = 2^-digits` and
 * digits = 11 for Half, 8 for BFloat16 (the type's mantissa digits). Exact in the half type.
 */
export function halfUnit(dtype: 'float16' | 'bfloat16'): (word: number) => number {
  const digits = dtype === 'float16' ? 11 : 8;
  const mask = (1 << digits) - 1;
  const div = 2 ** -digits;
  return (word) => (word & mask) * div;
}
