// The AVX2 float32 normal block (src/engine/torch/tensor/avx2/assembly/normal.ts) on two lanes at a time in WebAssembly SIMD: every value
// is a float32 held exactly in an f64x2 lane; a float32 operation is the double operation rounded to
// float32 (exact for + - * sqrt of float32 inputs: 53 >= 2*24 + 2), and an FMA is the double sum rounded
// once, flagged when that sum is a float32 midpoint (the one case where the two roundings can differ).
// A flagged block is redone lane by lane with exact single roundings (blockExact).
import { blockExact } from './normal';
import { SQRTHF, P0, P1, P2, P3, P4, P5, P6, P7, P8, Q1, Q2, DP1, DP2, DP3, FOPI, S0, S1, S2, C0, C1, C2, TWO_PI_F32, MIN_NORMAL32 } from './constants';

/** The 16 inputs of the current block, for the exact redo. */
const saved: usize = memory.data(64, 16);

const MASK29: v128 = i64x2.splat(0x1fffffff);
const MID: v128 = i64x2.splat(0x10000000);
let flag: v128 = i64x2.splat(0);

// @ts-ignore: decorator
@inline function r32(v: v128): v128 {
  return f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(v));
}
// @ts-ignore: decorator
@inline function mul(a: v128, b: v128): v128 {
  return r32(f64x2.mul(a, b));
}
// @ts-ignore: decorator
@inline function sp(x: f32): v128 {
  return f64x2.splat(<f64>x);
}
/** RN32(a*b + c) through the double sum; flags a float32 midpoint. */
// @ts-ignore: decorator
@inline function fmaf(a: v128, b: v128, c: v128): v128 {
  const s = f64x2.add(f64x2.mul(a, b), c);
  flag = v128.or(flag, i64x2.eq(v128.and(s, MASK29), MID));
  return r32(s);
}
/** The same, for sums that are exact in a double (nothing to flag). */
// @ts-ignore: decorator
@inline function fmafExact(a: v128, b: v128, c: v128): v128 {
  return r32(f64x2.add(f64x2.mul(a, b), c));
}
/** The outputs: a midpoint matters only if the double sum was rounded (TwoSum error); subnormals too. */
// @ts-ignore: decorator
@inline function fmafOut(a: v128, b: v128, c: v128): v128 {
  const p = f64x2.mul(a, b);
  const s = f64x2.add(p, c);
  const t = f64x2.sub(s, p);
  const e = f64x2.add(f64x2.sub(p, f64x2.sub(s, t)), f64x2.sub(c, t));
  const rounded = v128.not(f64x2.eq(e, f64x2.splat(0)));
  flag = v128.or(flag, v128.and(i64x2.eq(v128.and(s, MASK29), MID), rounded));
  flag = v128.or(flag, f64x2.lt(f64x2.abs(s), f64x2.splat(MIN_NORMAL32)));
  return r32(s);
}

/** Lanes j, j+1 of the block at `base`: u1 from data[j..j+1], u2 from data[j+8..j+9]; writes both outputs. */
// @ts-ignore: decorator
@inline function pair(base: usize, j: usize, mean: v128, std: v128): void {
  const in1 = f64x2.promote_low_f32x4(v128.load64_zero(base + (j << 2)));
  const u2 = f64x2.promote_low_f32x4(v128.load64_zero(base + 32 + (j << 2)));
  const u1 = f64x2.sub(f64x2.splat(1), in1); // exact
  // log256(u1)
  const bits = f32x4.demote_f64x2_zero(u1);
  const m = f64x2.promote_low_f32x4(v128.or(v128.and(bits, i32x4.splat(0x807fffff)), i32x4.splat(0x3f000000)));
  const lt = f64x2.lt(m, sp(SQRTHF));
  let e = f64x2.promote_low_f32x4(f32x4.convert_i32x4_s(i32x4.sub(v128.and(i32x4.shr_u(bits, 23), i32x4.splat(0xff)), i32x4.splat(126))));
  e = f64x2.add(e, v128.and(lt, f64x2.splat(-1)));
  const mm1 = f64x2.sub(m, f64x2.splat(1));
  const x = v128.bitselect(f64x2.add(mm1, m), mm1, lt); // both exact
  const z = mul(x, x);
  let y = fmaf(sp(P0), x, sp(P1));
  y = fmaf(y, x, sp(P2));
  y = fmaf(y, x, sp(P3));
  y = fmaf(y, x, sp(P4));
  y = fmaf(y, x, sp(P5));
  y = fmaf(y, x, sp(P6));
  y = fmaf(y, x, sp(P7));
  y = fmaf(y, x, sp(P8));
  y = mul(y, x);
  y = fmaf(y, z, mul(e, sp(Q1)));
  y = r32(f64x2.sub(y, f64x2.mul(z, f64x2.splat(0.5))));
  const x2 = r32(f64x2.add(x, y));
  const l = r32(f64x2.add(x2, f64x2.mul(e, sp(Q2))));
  const radius = r32(f64x2.sqrt(f64x2.mul(f64x2.splat(-2), l)));
  const theta = mul(sp(TWO_PI_F32), u2);
  // sincos256(theta)
  const j4 = v128.and(i32x4.add(i32x4.trunc_sat_f32x4_s(f32x4.demote_f64x2_zero(mul(theta, sp(FOPI)))), i32x4.splat(1)), i32x4.splat(~1));
  const jy = f64x2.promote_low_f32x4(f32x4.convert_i32x4_s(j4));
  let xr = fmafExact(jy, sp(DP1), theta);
  xr = fmaf(jy, sp(DP2), xr);
  xr = fmaf(jy, sp(DP3), xr);
  const zz = mul(xr, xr);
  let yc = fmaf(sp(C0), zz, sp(C1));
  yc = fmaf(yc, zz, sp(C2));
  yc = mul(yc, zz);
  yc = fmaf(yc, zz, f64x2.neg(f64x2.mul(zz, f64x2.splat(0.5))));
  yc = r32(f64x2.add(yc, f64x2.splat(1)));
  let ys = fmaf(sp(S0), zz, sp(S1));
  ys = fmaf(ys, zz, sp(S2));
  ys = mul(ys, zz);
  ys = fmaf(ys, xr, xr);
  const swap = i64x2.extend_low_i32x4_s(i32x4.ne(v128.and(j4, i32x4.splat(2)), i32x4.splat(0)));
  const zero = f64x2.splat(0);
  const s0 = f64x2.add(v128.bitselect(yc, ys, swap), zero);
  const c0 = f64x2.add(v128.bitselect(ys, yc, swap), zero);
  const negS = i64x2.extend_low_i32x4_s(i32x4.ne(v128.and(j4, i32x4.splat(4)), i32x4.splat(0)));
  const negC = i64x2.extend_low_i32x4_s(i32x4.eq(v128.and(i32x4.sub(j4, i32x4.splat(2)), i32x4.splat(4)), i32x4.splat(0)));
  const sn = v128.bitselect(f64x2.neg(s0), s0, negS);
  const cs = v128.bitselect(f64x2.neg(c0), c0, negC);
  const o1 = fmafOut(mul(radius, cs), std, mean);
  const o2 = fmafOut(mul(radius, sn), std, mean);
  v128.store64_lane(base + (j << 2), f32x4.demote_f64x2_zero(o1), 0);
  v128.store64_lane(base + 32 + (j << 2), f32x4.demote_f64x2_zero(o2), 0);
}

/** Transforms n float32 uniforms at ptr (n a multiple of 16) in place, block by block of 16. */
export function normalBlocks(ptr: usize, n: i32, mean32: f32, std32: f32): void {
  const mean = f64x2.splat(<f64>mean32);
  const std = f64x2.splat(<f64>std32);
  for (let b = 0; b + 16 <= n; b += 16) {
    const base = ptr + (<usize>b << 2);
    memory.copy(saved, base, 64);
    flag = i64x2.splat(0);
    pair(base, 0, mean, std);
    pair(base, 2, mean, std);
    pair(base, 4, mean, std);
    pair(base, 6, mean, std);
    if (v128.any_true(flag)) {
      memory.copy(base, saved, 64);
      blockExact(base, mean32, std32);
    }
  }
}
