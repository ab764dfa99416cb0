/**
 * glibc 2.36's double `log1p` (sysdeps/ieee754/dbl-64/s_log1p.c: fdlibm's algorithm, "Modified by
 * Naohiko Shimizu/Tokai University, Japan 1997/08/25, for performance improvement on pipelined
 * processors": R = R1 + z2*R2 + z4*R3 + z6*R4) as x86-64 libm runs it on CPUs with FMA and AVX2: the
 * ifunc picks `__log1p_fma` (sysdeps/x86_64/fpu/multiarch/s_log1p-fma.c, built with `-mfma -mavx2`).
 * Every fused step below was read off the disassembly of libm.so.6 (Debian glibc 2.36-9) and is written
 * with `fma64`; all other operations are plain double operations, as in the C source. Bit-identical to
 * that libm's `log1p` on 600 000 inputs (300 000 of them -u for u a 53-bit uniform, what torch passes).
 * @internal
 */
import { fma64 } from './fma.js';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** ln2_hi, ln2_lo, two54 */
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const TWO54 = 1.8014398509481984e16;
/** Lp[1..7] */
const LP1 = 6.666666666666735130e-1;
const LP2 = 3.999999999940941908e-1;
const LP3 = 2.857142874366239149e-1;
const LP4 = 2.222219843214978396e-1;
const LP5 = 1.818357216161805012e-1;
const LP6 = 1.531383769920937332e-1;
const LP7 = 1.479819860511658591e-1;

function hiWord(x: number): number {
  f64[0] = x;
  return u32[1]! | 0;
}

function withHiWord(x: number, hi: number): number {
  f64[0] = x;
  u32[1] = hi >>> 0;
  return f64[0]!;
}

/**
 * `log1p(x)` as glibc 2.36 computes it (sysdeps/ieee754/dbl-64/s_log1p.c `__log1p`).
 * @example log1p(-0.5) // -0.6931471805599453
 */
export function log1p(x: number): number {
  const hx = hiWord(x);
  const ax = hx & 0x7fffffff;
  let k = 1;
  let f = 0;
  let hu = 0;
  let c = 0;
  if (hx < 0x3fda827a) {
    // x < 0.41422
    if (ax >= 0x3ff00000) {
      // x <= -1.0
      if (x === -1.0) return -Infinity;
      return NaN;
    }
    if (ax < 0x3e200000) {
      // |x| < 2**-29
      if (ax < 0x3c900000) return x; // |x| < 2**-54
      return fma64(-(x * x), 0.5, x); // x - x*x*0.5 (vfnmadd231sd; the product by 0.5 is exact)
    }
    if (hx > 0 || hx <= (0xbfd2bec3 | 0)) {
      // -0.2929 < x < 0.41422
      k = 0;
      f = x;
      hu = 1;
    }
  } else if (hx >= 0x7ff00000) return x + x;
  if (k !== 0) {
    let u: number;
    if (hx < 0x43400000) {
      u = 1.0 + x;
      hu = hiWord(u);
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1.0 - (u - x) : x - (u - 1.0); // correction term
      c /= u;
    } else {
      u = x;
      hu = hiWord(u);
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    if (hu < 0x6a09e) {
      u = withHiWord(u, hu | 0x3ff00000); // normalize u
    } else {
      k += 1;
      u = withHiWord(u, hu | 0x3fe00000); // normalize u/2
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1.0;
  }
  const hfsq = 0.5 * f * f;
  if (hu === 0) {
    // |f| < 2**-20
    if (f === 0) {
      if (k === 0) return 0;
      // c += k*ln2_lo; return k*ln2_hi+c;  (both fused)
      return fma64(k, LN2_HI, fma64(k, LN2_LO, c));
    }
    // R = hfsq*(1.0-0.66666666666666666*f);  (1 - 0.666..*f fused)
    const R = fma64(-f, 0.66666666666666666, 1.0) * hfsq;
    if (k === 0) return f - R;
    // k*ln2_hi-((R-(k*ln2_lo+c))-f)
    return fma64(k, LN2_HI, -(R - fma64(k, LN2_LO, c) - f));
  }
  const s = f / (2.0 + f);
  const z = s * s;
  // R1 = z*Lp[1]; z2 = z*z; R2 = Lp[2]+z*Lp[3]; z4 = z2*z2; R3 = Lp[4]+z*Lp[5]; z6 = z4*z2; R4 = Lp[6]+z*Lp[7];
  // R = R1 + z2*R2 + z4*R3 + z6*R4;  -- GCC fuses each Lp[i]+z*Lp[j], R1 into the first sum and the next two products
  const R2 = fma64(z, LP3, LP2);
  const R3 = fma64(z, LP5, LP4);
  const R4 = fma64(z, LP7, LP6);
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const R = fma64(z6, R4, fma64(z4, R3, fma64(z, LP1, z2 * R2)));
  const sR = s * (hfsq + R);
  if (k === 0) return f - (hfsq - sR);
  // k*ln2_hi-((hfsq-(s*(hfsq+R)+(k*ln2_lo+c)))-f)
  return fma64(k, LN2_HI, -(hfsq - (sR + fma64(k, LN2_LO, c)) - f));
}
void TWO54;
