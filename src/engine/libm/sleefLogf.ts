/**
 * SLEEF 3.6's `Sleef_logf8_u10` (src/libm/sleefsimdsp.c `xlogf_u1`, AVX2 build with FMA). NOT torch 2.13's `log_`:
 * the wheel is built with MKL, so aten/src/ATen/cpu/vml.h `IMPLEMENT_VML_MKL(log, Ln)` sends contiguous float32 `log_` to MKL vmsLn(VML_HA);
 * this port equals libtorch_cpu.so's own Sleef_logf8_u10avx2 and Sleef_logf16_u10avx512f on all 2^24 inputs k/2^24 (checked 2026-12-02) but differs from torch.log on 7.8 %. Kept for Vectorized<float>::log callers; not used by trunc_normal_.
 * Every float32 operation is emulated: + - * / as `Math.fround` of the double result (exact: 53 >= 2*24 + 2),
 * `vmla`/`vfma` as a single-rounding float32 fma (`fma32`).
 * @internal
 */
import { fma32 } from './fma.js';

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);
const F = Math.fround;

/** SLEEF_FLT_MIN = 2^-126, the smallest positive normal float32 */
const FLT_MIN = 2 ** -126;
/** (float)(1LL << 32) * (float)(1LL << 32) = 2^64 */
const TWO_POW_64 = 2 ** 64;
/** vcast_vf_f(1.0f/0.75f): the float32 nearest 4/3 */
const R075 = F(1 / 0.75);
/** ln 2 as a float-float pair: 0.69314718246459960938f, -1.904654323148236017e-09f */
const L2U = F(0.69314718246459960938);
const L2L = F(-1.904654323148236017e-9);
/** the minimax coefficients of xlogf_u1 */
const C0 = F(0.3027294874);
const C1 = F(0.3996108174);
const C2 = F(0.666669488);

/** floor(log2(d)) of a positive normal float32: vilogb2k_vi2_vf reads the exponent field. */
function ilogb2k(d: number): number {
  f32[0] = d;
  return ((i32[0]! >>> 23) & 0xff) - 0x7f;
}

/** d * 2^e for |e| small enough that the result stays normal (vldexp3_vf_vf_vi2 adds e to the exponent field). */
function ldexp3(d: number, e: number): number {
  f32[0] = d;
  i32[0] = i32[0]! + (e << 23);
  return f32[0]!;
}

/**
 * torch 2.x's float32 `log` of float32 `d`, bit for bit; returns a float32 value.
 * @example sleefLogf(0.5) // -0.6931471824645996
 */
export function sleefLogf(d: number): number {
  if (Number.isNaN(d) || d < 0) return NaN;
  if (d === 0) return -Infinity;
  if (d === Infinity) return Infinity;
  // vopmask o = vlt_vo_vf_vf(d, vcast_vf_f(SLEEF_FLT_MIN)); d = vsel(o, d * 2^64, d)
  const o = d < FLT_MIN;
  if (o) d = F(d * TWO_POW_64);
  // vint2 e = vilogb2k_vi2_vf(vmul_vf_vf_vf(d, vcast_vf_f(1.0f/0.75f))); m = vldexp3_vf_vf_vi2(d, vneg_vi2_vi2(e));
  let e = ilogb2k(F(d * R075));
  const m = ldexp3(d, -e);
  // e = vsel_vi2_vo_vi2_vi2(o, e - 64, e)
  if (o) e -= 64;
  // vfloat2 s = dfmul_vf2_vf2_vf(vcast_vf2_f_f(L2U, L2L), vcast_vf_vi2(e)):
  //   r.x = x.x * y; r.y = vfma(x.y, y, vfmapn(x.x, y, r.x))
  let sx = F(L2U * e);
  let sy = fma32(L2L, e, fma32(L2U, e, -sx));
  // x = dfdiv_vf2_vf2_vf2(dfadd2_vf2_vf_vf(-1, m), dfadd2_vf2_vf_vf(1, m))
  //   dfadd2_vf2_vf_vf(x, y): r.x = x + y; v = r.x - x; r.y = (x - (r.x - v)) + (y - v)
  const nx = F(-1 + m);
  let v = F(nx - -1);
  const ny = F(F(-1 - F(nx - v)) + F(m - v));
  const dx = F(1 + m);
  v = F(dx - 1);
  const dy = F(F(1 - F(dx - v)) + F(m - v));
  //   dfdiv (ENABLE_FMA_SP): t = vrec(d.x); q.x = n.x * t; u = vfmapn(t, n.x, q.x);
  //   q.y = vfmanp(d.y, t, vfmanp(d.x, t, 1)); q.y = vfma(q.x, q.y, vfma(n.y, t, u))
  const t = F(1 / dx);
  const qx = F(nx * t);
  const u = fma32(t, nx, -qx);
  let qy = fma32(-dy, t, fma32(-dx, t, 1));
  qy = fma32(qx, qy, fma32(ny, t, u));
  // x2 = vmul_vf_vf_vf(x.x, x.x)
  const x2 = F(qx * qx);
  // t = 0.3027294874f; t = vmla(t, x2, 0.3996108174f); t = vmla(t, x2, 0.6666694880f)
  let p = fma32(C0, x2, C1);
  p = fma32(p, x2, C2);
  // s = dfadd_vf2_vf2_vf2(s, dfscale_vf2_vf2_vf(x, 2)): r.x = x.x + y.x; r.y = (((x.x - r.x) + y.x) + x.y) + y.y
  const yx = F(qx * 2);
  const yy = F(qy * 2);
  let rx = F(sx + yx);
  let ry = F(F(F(F(sx - rx) + yx) + sy) + yy);
  sx = rx;
  sy = ry;
  // s = dfadd_vf2_vf2_vf(s, vmul(vmul(x2, x.x), t)): r.x = x.x + y; r.y = ((x.x - r.x) + y) + x.y
  const w = F(F(x2 * qx) * p);
  rx = F(sx + w);
  ry = F(F(F(sx - rx) + w) + sy);
  // vfloat r = vadd_vf_vf_vf(s.x, s.y)
  return F(rx + ry);
}
