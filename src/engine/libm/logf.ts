/**
 * glibc 2.36's `logf` (sysdeps/ieee754/flt-32/e_logf.c, computed in double) as the x86-64 libm runs
 * it on CPUs with FMA and AVX2 (`__logf_fma`): the fused steps below were read off the disassembly
 * of libm.so.6 (Debian glibc 2.36-9). Used by torch's `default`-capability float32 normal block.
 * @internal
 */
import { fma64 } from './fma.js';
import { fromHex } from './fromHex.js';

const f32 = new Float32Array(1);
const i32 = new Uint32Array(f32.buffer);

/** __logf_data (e_logf_data.c, LOGF_TABLE_BITS = 4): tab[16] {invc, logc}, ln2, poly[3]; bit patterns as in libm.so.6. */
const D = fromHex([
  '3ff661ec79f8f3be', 'bfd57bf7808caade', '3ff571ed4aaf883d', 'bfd2bef0a7c06ddb',
  '3ff49539f0f010b0', 'bfd01eae7f513a67', '3ff3c995b0b80385', 'bfcb31d8a68224e9',
  '3ff30d190c8864a5', 'bfc6574f0ac07758', '3ff25e227b0b8ea0', 'bfc1aa2bc79c8100',
  '3ff1bb4a4a1a343f', 'bfba4e76ce8c0e5e', '3ff12358f08ae5ba', 'bfb1973c5a611ccc',
  '3ff0953f419900a7', 'bfa252f438e10c1e', '3ff0000000000000', '0000000000000000',
  '3fee608cfd9a47ac', '3faaa5aa5df25984', '3feca4b31f026aa0', '3fbc5e53aa362eb4',
  '3feb2036576afce6', '3fc526e57720db08', '3fe9c2d163a1aa2d', '3fcbc2860d224770',
  '3fe886e6037841ed', '3fd1058bc8a07ee1', '3fe767dcf5534862', '3fd4043057b6ee09',
  '3fe62e42fefa39ef', 'bfd00ea348b88334', '3fd5575b0be00b6a', 'bfdffffef20a4123',]);
const Ln2 = D[32]!;
const A0 = D[33]!;
const A1 = D[34]!;
const A2 = D[35]!;
/** OFF = 0x3f330000: the subinterval boundaries are centred on 1 */
const OFF = 0x3f330000;
/** = 2^23 */
const TWO_POW_23 = 8388608;

/**
 * glibc's `logf(x)` for float32 x, bit for bit (x86-64 FMA variant); returns a float32 value.
 * @example logf(0.5) // -0.6931471824645996
 */
export function logf(x: number): number {
  f32[0] = x;
  let ix = i32[0]!;
  // Fix sign of zero with downward rounding when x==1.
  if (ix === 0x3f800000) return 0;
  if (ix - 0x00800000 >= 0x7f800000 - 0x00800000 || ix < 0x00800000) {
    // x < 0x1p-126 or inf or nan.
    if (ix * 2 === 0 || ix === 0x80000000) return -Infinity;
    if (ix === 0x7f800000) return x; // log(inf) == inf.
    if (ix >= 0x80000000 || ix * 2 >= 0xff000000) return NaN;
    // x is subnormal, normalize it: ix = asuint (x * 0x1p23f); ix -= 23 << 23;
    f32[0] = x * TWO_POW_23;
    ix = (i32[0]! - (23 << 23)) >>> 0;
  }
  // tmp = ix - OFF; i = (tmp >> (23 - LOGF_TABLE_BITS)) % N; k = (int32_t) tmp >> 23; iz = ix - (tmp & 0x1ff << 23);
  const tmp = (ix - OFF) | 0;
  const i = (tmp >>> 19) & 15;
  const k = tmp >> 23;
  i32[0] = (ix - (tmp & 0xff800000)) >>> 0;
  const z = f32[0]!;
  const invc = D[2 * i]!;
  const logc = D[2 * i + 1]!;
  // r = z * invc - 1; y0 = logc + (double_t) k * Ln2;
  const r = fma64(z, invc, -1);
  const y0 = fma64(k, Ln2, logc);
  // r2 = r * r; y = A[1] * r + A[2]; y = A[0] * r2 + y; y = y * r2 + (y0 + r);
  const r2 = r * r;
  let y = fma64(A1, r, A2);
  y = fma64(A0, r2, y);
  y = fma64(y, r2, y0 + r);
  return Math.fround(y);
}
