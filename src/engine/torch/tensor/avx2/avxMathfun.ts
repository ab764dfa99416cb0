/**
 * float32 `log256_ps` and `sincos256_ps` of aten/src/ATen/cpu/avx_mathfun.h@v1.13.1 (Cephes-based,
 * by Giovanni Garberoglio / Julien Pommier), as torch's AVX2 kernel runs them: GCC 12 with `-mfma`
 * contracts every product whose only use is an addition into one fused multiply-add
 * (core spec §6.4). Only + - * and fused multiply-adds appear, so the results are exactly reproducible.
 *
 * `fmaf(a, b, c)` below = RN32(a*b + c) with one rounding. a*b of two float32 values is exact in a
 * double; the double sum is rounded once more, which differs from the single rounding only when the
 * double sum lands exactly on a float32 midpoint (or in float32's subnormal range): those rare
 * cases take the exact round-to-odd `fma32`.
 * @internal
 */
import { fma32 } from '../../../libm/fma.js';
import { avx2NormalConstant, MIN_NORMAL32 } from './constants.js';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);


/** RN32(a*b + c) with a single rounding, for float32 a, b, c. */
export function fmaf(a: number, b: number, c: number): number {
  const s = a * b + c;
  f64[0] = s;
  // low 29 mantissa bits = 1 followed by 28 zeros: the double sum is a float32 midpoint
  if ((u32[0]! & 0x1fffffff) === 0x10000000 || (s < MIN_NORMAL32 && s > -MIN_NORMAL32)) return fma32(a, b, c);
  return Math.fround(s);
}

// Constants: decimal literals of avx_mathfun.h, each rounded to float32 once (_PS256_CONST), from constants.ts.
const SQRTHF = avx2NormalConstant('SQRTHF');
const P0 = avx2NormalConstant('P0');
const P1 = avx2NormalConstant('P1');
const P2 = avx2NormalConstant('P2');
const P3 = avx2NormalConstant('P3');
const P4 = avx2NormalConstant('P4');
const P5 = avx2NormalConstant('P5');
const P6 = avx2NormalConstant('P6');
const P7 = avx2NormalConstant('P7');
const P8 = avx2NormalConstant('P8');
const Q1 = avx2NormalConstant('Q1');
const Q2 = avx2NormalConstant('Q2');
const DP1 = avx2NormalConstant('DP1');
const DP2 = avx2NormalConstant('DP2');
const DP3 = avx2NormalConstant('DP3');
const FOPI = avx2NormalConstant('FOPI');
const S0 = avx2NormalConstant('S0');
const S1 = avx2NormalConstant('S1');
const S2 = avx2NormalConstant('S2');
const C0 = avx2NormalConstant('C0');
const C1 = avx2NormalConstant('C1');
const C2 = avx2NormalConstant('C2');

/**
 * `log256_ps(x)` for one positive normal float32 lane.
 * @example log256(0.5) // -0.6931471824645996 (RN32(ln 0.5))
 */
export function log256(v: number): number {
  f32[0] = v;
  const bits = i32[0]!;
  // imm0 = _mm256_srli_epi32(x, 23); imm0 = imm0 - 0x7f; e = cvtepi32_ps(imm0); e = e + one
  let e = ((bits >>> 23) & 0xff) - 127 + 1; // small integer: exact
  // x = _mm256_and_ps(x, inv_mant_mask); x = _mm256_or_ps(x, 0.5)
  i32[0] = (bits & 0x807fffff) | 0x3f000000;
  const m = f32[0]!;
  // mask = x < SQRTHF; tmp = x & mask; x = x - one; e = e - (one & mask); x = x + tmp
  let x: number;
  if (m < SQRTHF) {
    e -= 1;
    x = Math.fround(m - 1 + m); // (m - 1) exact (Sterbenz), + m exact (m in [0.5, 0.7071))
  } else x = m - 1; // exact
  const z = Math.fround(x * x);
  // y = p0; y = y*x + p1; ... (each step contracted to an fma)
  let y = fmaf(P0, x, P1);
  y = fmaf(y, x, P2);
  y = fmaf(y, x, P3);
  y = fmaf(y, x, P4);
  y = fmaf(y, x, P5);
  y = fmaf(y, x, P6);
  y = fmaf(y, x, P7);
  y = fmaf(y, x, P8);
  y = Math.fround(y * x);
  // y = y*z; tmp = e*q1; y = y + tmp   -> fma(y, z, RN32(e*q1))
  y = fmaf(y, z, Math.fround(e * Q1));
  // tmp = z*0.5; y = y - tmp   (z*0.5 exact)
  y = Math.fround(y - z * 0.5);
  // tmp = e*q2; x = x + y; x = x + tmp   (e*q2 exact)
  x = Math.fround(x + y);
  return Math.fround(x + e * Q2);
}

/**
 * `sincos256_ps(x)` for one float32 lane x >= 0; writes [sin, cos] into `out`.
 * @example sincos256(1, out) // out = [0.8414709568023682, 0.5403022766113281]
 */
export function sincos256(xIn: number, out: Float64Array | number[]): void {
  let x = xIn;
  // y = x * FOPI; imm2 = cvttps_epi32(y); imm2 = (imm2 + 1) & ~1; y = cvtepi32_ps(imm2)
  const j = ((Math.trunc(Math.fround(x * FOPI)) | 0) + 1) & ~1;
  const y = j;
  // x = ((x + y*DP1) + y*DP2) + y*DP3, each contracted
  x = fmaf(y, DP1, x);
  x = fmaf(y, DP2, x);
  x = fmaf(y, DP3, x);
  const z = Math.fround(x * x);
  // cosine polynomial: y = ((c0*z + c1)*z + c2)*z*z - z*0.5 + 1
  let yc = fmaf(C0, z, C1);
  yc = fmaf(yc, z, C2);
  yc = Math.fround(yc * z);
  yc = fmaf(yc, z, -Math.fround(z * 0.5));
  yc = Math.fround(yc + 1);
  // sine polynomial: y2 = ((s0*z + s1)*z + s2)*z*x + x
  let ys = fmaf(S0, z, S1);
  ys = fmaf(ys, z, S2);
  ys = Math.fround(ys * z);
  ys = fmaf(ys, x, x);
  // select by poly_mask ((j & 2) == 0): ysin1 + ysin2 with the other one +0.0
  let s: number;
  let c: number;
  if ((j & 2) === 0) {
    s = ys + 0;
    c = yc + 0;
  } else {
    s = yc + 0;
    c = ys + 0;
  }
  // sign_bit_sin = (j & 4) << 29; sign_bit_cos = ((~(j - 2)) & 4) << 29
  if ((j & 4) !== 0) s = -s;
  if (((j - 2) & 4) === 0) c = -c;
  out[0] = s;
  out[1] = c;
}

/** `_mm256_set1_ps(2.0f * c10::pi<double>)`: RN32(2*pi) = 6.2831854820251465. */
const TWO_PI_F32 = avx2NormalConstant('TWO_PI_F32');
/** [sin, cos] scratch of the block transform. */
const sc = new Float64Array(2);

/**
 * `normal_fill_16_AVX2` (aten/src/ATen/native/cpu/DistributionTemplates.h@v1.13.1) on data[i .. i+15],
 * which hold float32 uniforms in [0, 1):
 * `const __m256 u1 = _mm256_sub_ps(*one, _mm256_loadu_ps(data)); const __m256 u2 = _mm256_loadu_ps(data + 8);`
 * `const __m256 radius = _mm256_sqrt_ps(_mm256_mul_ps(*minus_two, log256_ps(u1)));`
 * `const __m256 theta = _mm256_mul_ps(*two_pi, u2); sincos256_ps(theta, &sintheta, &costheta);`
 * `_mm256_storeu_ps(data, _mm256_fmadd_ps(n1, *std_v, *mean)); _mm256_storeu_ps(data + 8, _mm256_fmadd_ps(n2, *std_v, *mean));`
 * with n1 = radius * costheta, n2 = radius * sintheta; mean and std are float32.
 * (Kept in this module so the hot calls stay module-internal.)
 */
export function normalBlock16Avx2(data: Float32Array, i: number, mean: number, std: number): void {
  for (let j = i; j < i + 8; j++) {
    const u1 = Math.fround(1 - data[j]!); // exact
    const u2 = data[j + 8]!;
    const radius = Math.fround(Math.sqrt(-2 * log256(u1))); // -2 * l exact
    const theta = Math.fround(TWO_PI_F32 * u2);
    sincos256(theta, sc);
    data[j] = fmaf(Math.fround(radius * sc[1]!), std, mean);
    data[j + 8] = fmaf(Math.fround(radius * sc[0]!), std, mean);
  }
}
