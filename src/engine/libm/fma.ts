/**
 * Fused multiply-add emulation in IEEE doubles.
 * @internal
 */

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/**
 * `fma32(x, d, a)` = RN32(x * d + a) with a single rounding, for float32 x, d, a.
 *
 * x*d of two float32 values is exact in a double (24 + 24 bits). The sum is computed with TwoSum and
 * rounded to odd (53 >= 2*24 + 2), then rounded once to float32: equal to a correctly rounded fma.
 */
export function fma32(x: number, d: number, a: number): number {
  // Fast path: the double sum rounded once more differs from the single rounding only when it lands exactly
  // on a float32 midpoint (low 29 mantissa bits 1 followed by 28 zeros) or in float32's subnormal range.
  const s = x * d + a;
  f64[0] = s;
  if ((u32[0]! & 0x1fffffff) !== 0x10000000 && !(s < MIN_NORMAL32 && s > -MIN_NORMAL32)) return Math.fround(s);
  return Math.fround(roundToOddSum(x * d, a));
}

/** = 2^-126, the smallest normal float32. */
const MIN_NORMAL32 = 1.1754943508222875e-38;

/** a + b rounded to odd in a double: TwoSum, then the last bit forced to 1 when the sum was inexact. */
function roundToOddSum(a: number, b: number): number {
  const s = a + b;
  const t = s - a;
  const e = a - (s - t) + (b - t);
  if (e !== 0 && Number.isFinite(s)) {
    f64[0] = s;
    if ((u32[0]! & 1) === 0) {
      const up = (s > 0) === (e > 0);
      if (up) {
        if (u32[0] === 0xffffffff) {
          u32[0] = 0;
          u32[1] = u32[1]! + 1;
        } else u32[0] = u32[0]! + 1;
      } else if (u32[0] === 0) {
        u32[0] = 0xffffffff;
        u32[1] = u32[1]! - 1;
      } else u32[0] = u32[0]! - 1;
      return f64[0]!;
    }
  }
  return s;
}

/** = 2^27 + 1, Veltkamp's splitter for doubles. */
const SPLITTER = 134217729;

/**
 * `fma64(a, b, c)` = RN64(a * b + c) with a single rounding (Boldo-Melquiond, rounding to odd).
 * Valid without overflow or underflow of the intermediate products.
 */
export function fma64(a: number, b: number, c: number): number {
  const p = a * b;
  let h = SPLITTER * a;
  const ah = h - (h - a);
  const al = a - ah;
  h = SPLITTER * b;
  const bh = h - (h - b);
  const bl = b - bh;
  const ul = ah * bh - p + ah * bl + al * bh + al * bl; // p + ul == a*b exactly
  const th = c + p;
  const t = th - c;
  const tl = c - (th - t) + (p - t); // th + tl == c + p exactly
  const v = roundToOddSum(tl, ul);
  return th + v;
}

/** floor(log2(|v|)) of a finite non-zero double, read from its bits (exact, unlike Math.log2). */
export function exponentOf(v: number): number {
  f64[0] = v;
  const e = (u32[1]! >>> 20) & 0x7ff;
  if (e !== 0) return e - 1023;
  // subnormal double: normalise
  return exponentOf(v * 2 ** 64) - 64;
}

/** Exponent of the unit in the last place of a float32 value (its lowest possible set bit). */
export function ulpExponent32(v: number): number {
  return v === 0 ? -149 : Math.max(exponentOf(v) - 23, -149);
}

/**
 * Whether `x * d + a` is exact in a double for every x = k * 2^-24 (k < 2^24) and the float32 values
 * d and a: then `Math.fround(x * d + a)` is already the single rounding of an FMA. The exact value
 * has bits from 2^(min(ulp(d) - 24, ulp(a))) up to below 2^(max(e(a), e(d)) + 2); 53 bits hold them.
 */
export function uniformSumIsExact(d: number, a: number): boolean {
  if (a === 0 || d === 0) return true;
  const top = Math.max(exponentOf(a), exponentOf(d)) + 2;
  const bottom = Math.min(ulpExponent32(d) - 24, ulpExponent32(a));
  return top - bottom <= 53;
}
