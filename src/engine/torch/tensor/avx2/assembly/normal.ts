// AssemblyScript source of the float32 normal_ block transform of torch's AVX2 kernel
// (aten/src/ATen/native/cpu/DistributionTemplates.h@v1.13.1 normal_fill_16_AVX2, with avx_mathfun.h's
// log256_ps / sincos256_ps as GCC 12 contracts them into FMAs). A line-by-line twin of
// src/engine/torch/tensor/avx2/avxMathfun.ts: f32 operations round like Math.fround, `fmaf` rounds once.
// src/engine/torch/tensor/avx2/assembly/normalSimd.ts runs it two lanes at a time in SIMD; scripts/build-wasm.ts compiles that entry into
// src/engine/torch/tensor/avx2/normal.wasm.ts.

import { MIN_NORMAL32, SQRTHF, P0, P1, P2, P3, P4, P5, P6, P7, P8, Q1, Q2, DP1, DP2, DP3, FOPI, S0, S1, S2, C0, C1, C2, TWO_PI_F32 } from './constants';

/** RN32(a*b + c) with one rounding: exact round-to-odd double sum, then one rounding to float32. */
function fma32(a: f32, b: f32, c: f32): f32 {
  const p = <f64>a * <f64>b;
  const cc = <f64>c;
  let s = p + cc;
  const t = s - p;
  const err = p - (s - t) + (cc - t);
  if (err != 0 && isFinite(s)) {
    let bits = reinterpret<u64>(s);
    if ((bits & 1) == 0) {
      const up = s > 0 == err > 0;
      bits = up ? bits + 1 : bits - 1;
      s = reinterpret<f64>(bits);
    }
  }
  return <f32>s;
}

// @ts-ignore: decorator
@inline function fmaf(a: f32, b: f32, c: f32): f32 {
  const s = <f64>a * <f64>b + <f64>c;
  // a float32 midpoint (low 29 mantissa bits 1000...0) or the subnormal range: the exact path
  if ((reinterpret<u64>(s) & 0x1fffffff) == 0x10000000 || (s < MIN_NORMAL32 && s > -MIN_NORMAL32)) return fma32(a, b, c);
  return <f32>s;
}


/** log256_ps for one positive normal float32 lane. */
// @ts-ignore: decorator
@inline function log256(v: f32): f32 {
  const bits = reinterpret<i32>(v);
  let e = <f32>(((bits >>> 23) & 0xff) - 127 + 1);
  const m = reinterpret<f32>((bits & 0x807fffff) | 0x3f000000);
  let x: f32;
  if (m < SQRTHF) {
    e -= 1;
    x = m - 1 + m;
  } else x = m - 1;
  const z = x * x;
  let y = fmaf(P0, x, P1);
  y = fmaf(y, x, P2);
  y = fmaf(y, x, P3);
  y = fmaf(y, x, P4);
  y = fmaf(y, x, P5);
  y = fmaf(y, x, P6);
  y = fmaf(y, x, P7);
  y = fmaf(y, x, P8);
  y = y * x;
  y = fmaf(y, z, e * Q1);
  y = y - z * 0.5;
  x = x + y;
  return x + e * Q2;
}

let sinOut: f32 = 0;
let cosOut: f32 = 0;

/** sincos256_ps for one float32 lane x >= 0, into sinOut/cosOut. */
// @ts-ignore: decorator
@inline function sincos256(xIn: f32): void {
  let x = xIn;
  const j = (<i32>(x * FOPI) + 1) & ~1;
  const y = <f32>j;
  x = fmaf(y, DP1, x);
  x = fmaf(y, DP2, x);
  x = fmaf(y, DP3, x);
  const z = x * x;
  let yc = fmaf(C0, z, C1);
  yc = fmaf(yc, z, C2);
  yc = yc * z;
  yc = fmaf(yc, z, -(z * 0.5));
  yc = yc + 1;
  let ys = fmaf(S0, z, S1);
  ys = fmaf(ys, z, S2);
  ys = ys * z;
  ys = fmaf(ys, x, x);
  let s: f32;
  let c: f32;
  if ((j & 2) == 0) {
    s = ys + 0;
    c = yc + 0;
  } else {
    s = yc + 0;
    c = ys + 0;
  }
  if ((j & 4) != 0) s = -s;
  if (((j - 2) & 4) == 0) c = -c;
  sinOut = s;
  cosOut = c;
}

/**
 * One block of 16 at `base`, lane by lane with exact single-rounding FMAs: the reference the SIMD kernel
 * (src/engine/torch/tensor/avx2/assembly/normalSimd.ts) falls back to when a double sum needs the exact path.
 */
export function blockExact(base: usize, mean: f32, std: f32): void {
  for (let j = 0; j < 8; j++) {
    const p1 = base + (<usize>j << 2);
    const p2 = p1 + 32;
    const u1: f32 = 1 - load<f32>(p1);
    const u2 = load<f32>(p2);
    const radius = Mathf.sqrt(-2 * log256(u1));
    const theta = TWO_PI_F32 * u2;
    sincos256(theta);
    store<f32>(p1, fmaf(radius * cosOut, std, mean));
    store<f32>(p2, fmaf(radius * sinOut, std, mean));
  }
}
