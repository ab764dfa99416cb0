/**
 * glibc 2.36 `expf` (sysdeps/ieee754/flt-32/e_expf.c, Szabolcs Nagy 2017), as the x86-64
 * multiarch `__expf_fma` variant computes it (GCC contracts `a * b + c` into one FMA).
 * @internal
 */
import { fma64 } from './fma.js';

/** EXP2F_TABLE_BITS = 5, N = 32. */
const N = 32;
/**
 * `__exp2f_data.tab` (e_exp2f_data.c): tab[i] = bits(2^(i/N)) - (i << 47), as [hi, lo] words.
 */
const TAB_HI = new Uint32Array([
  0x3ff00000, 0x3fefd9b0, 0x3fefb558, 0x3fef9301, 0x3fef72b8, 0x3fef5487, 0x3fef387a, 0x3fef1e9d,
  0x3fef06fe, 0x3feef1a7, 0x3feedea6, 0x3feece08, 0x3feebfda, 0x3feeb42b, 0x3feeab07, 0x3feea47e,
  0x3feea09e, 0x3fee9f75, 0x3feea114, 0x3feea589, 0x3feeace5, 0x3feeb737, 0x3feec491, 0x3feed503,
  0x3feee89f, 0x3feeff76, 0x3fef199b, 0x3fef3720, 0x3fef5818, 0x3fef7c97, 0x3fefa4af, 0x3fefd076,
]);
const TAB_LO = new Uint32Array([
  0x00000000, 0xd3158574, 0x6cf9890f, 0xd0125b51, 0x3c7d517b, 0x3168b9aa, 0x6e756238, 0xf51fdee1,
  0x0a31b715, 0x373aa9cb, 0x4c123422, 0x6061892d, 0xd5362a27, 0x569d4f82, 0xdd485429, 0xb03a5585,
  0x667f3bcd, 0xe8ec5f74, 0x73eb0187, 0x994cce13, 0x422aa0db, 0xb0cdc5e5, 0x82a3f090, 0xb23e255d,
  0x995ad3ad, 0xf2fb5e47, 0xdd85529c, 0xdcef9069, 0xdcfba487, 0x337b9b5f, 0xa2a490da, 0x5b6e4540,
]);
/** `invln2_scaled` = 0x1.71547652b82fep+0 * N */
const INV_LN2_N = 0x171547652b82fe / 2 ** 52 * N;
/** `shift` = 0x1.8p+52 */
const SHIFT = 0x18 / 16 * 2 ** 52;
/** `poly_scaled` = {0x1.c6af84b912394p-5/N^3, 0x1.ebfce50fac4f3p-3/N^2, 0x1.62e42ff0c52d6p-1/N} */
const C0 = 0x1c6af84b912394 / 2 ** 52 / 32 / N / N / N;
const C1 = 0x1ebfce50fac4f3 / 2 ** 52 / 8 / N / N;
const C2 = 0x162e42ff0c52d6 / 2 ** 52 / 2 / N;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const f32 = new Float32Array(1);
const u32f = new Uint32Array(f32.buffer);

/** glibc's float `expf(x)`, bit for bit (argument and result are float32 values). */
export function glibcExpf(x: number): number {
  f32[0] = x;
  const abstop = (u32f[0]! >>> 20) & 0x7ff;
  if (abstop >= 0x42b) {
    // |x| >= 88 or x is nan (top12(88.0f) = 0x42b)
    if (x === -Infinity) return 0;
    if (abstop >= 0x7f8) return x + x;
    if (x > 88.72283172607422) return Infinity; // 0x1.62e42ep6f
    if (x < -103.97207641601562) return 0; // 0x1.9fe368p6f
  }
  // z = InvLn2N * xd; kd = z + SHIFT; r = z - kd  (the product is fused into both uses)
  const kdShifted = fma64(INV_LN2_N, x, SHIFT);
  f64[0] = kdShifted;
  const ki = u32[0]!; // low word of asuint64(kd): only ki % N and ki << 47 matter
  const kd = kdShifted - SHIFT;
  const r = fma64(INV_LN2_N, x, -kd);
  // t = T[ki % N] + (ki << 47)
  const idx = ki & (N - 1);
  f64[0] = 0;
  u32[0] = TAB_LO[idx]!;
  // ki << 47 adds (ki << 15) to the high word (mod 2^32)
  u32[1] = (TAB_HI[idx]! + ((ki << 15) >>> 0)) >>> 0;
  const s = f64[0]!;
  const z = fma64(C0, r, C1);
  const r2 = r * r;
  let y = fma64(C2, r, 1);
  y = fma64(z, r2, y);
  y = y * s;
  return Math.fround(y);
}
