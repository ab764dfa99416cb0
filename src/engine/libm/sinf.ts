/**
 * glibc 2.36's `sinf` and `cosf` (sysdeps/ieee754/flt-32/s_sinf.c, s_cosf.c, s_sincosf.h; computed in
 * double) as the x86-64 libm runs them on CPUs with FMA and AVX2 (`__sinf_fma`, `__cosf_fma`); the
 * fused steps below were read off the disassembly of libm.so.6 (Debian glibc 2.36-9). Used by
 * torch's `default`-capability float32 normal block. Covers |x| < 120 (`reduce_fast`); larger
 * arguments (`reduce_large`) fall back to V8's Math.sin/cos.
 * @internal
 */
import { fma64 } from './fma.js';
import { fromHex } from './fromHex.js';

const f32 = new Float32Array(1);
const i32 = new Uint32Array(f32.buffer);

/**
 * __sincosf_table[2] (s_sincosf_data.c): {sign[4], hpi_inv, hpi, c0, c1, s1, c2, s2, c3, s3, c4}, the second
 * entry with the cosine polynomial negated; bit patterns as in libm.so.6.
 */
const TAB = fromHex([
  '3ff0000000000000', 'bff0000000000000', 'bff0000000000000', '3ff0000000000000',
  '41645f306dc9c883', '3ff921fb54442d18', '3ff0000000000000', 'bfdffffffd0c621c',
  'bfc555545995a603', '3fa55553e1068f19', '3f81107605230bc4', 'bf56c087e89a359d',
  'bf2994eb3774cf24', '3ef99343027bf8c3', '3ff0000000000000', 'bff0000000000000',
  'bff0000000000000', '3ff0000000000000', '41645f306dc9c883', '3ff921fb54442d18',
  'bff0000000000000', '3fdffffffd0c621c', 'bfc555545995a603', 'bfa55553e1068f19',
  '3f81107605230bc4', '3f56c087e89a359d', 'bf2994eb3774cf24', 'bef99343027bf8c3',]);
/** Offset of the second table entry, in doubles. */
const P1 = 14;
const HPI_INV = TAB[4]!;
const HPI = TAB[5]!;

/**
 * sinf_poly(x, x2, p, n): the sine polynomial when (n & 1) == 0, else the cosine polynomial.
 * sine:   `x3 = x * x2; s1 = p->s2 + x2 * p->s3; x7 = x3 * x2; s = x + x3 * p->s1; return s + x7 * s1;`
 * cosine: `x4 = x2 * x2; c2 = p->c3 + x2 * p->c4; c1 = p->c0 + x2 * p->c1; x6 = x4 * x2; c = c1 + x4 * p->c2; return c + x6 * c2;`
 */
function sinfPoly(x: number, x2: number, p: number, n: number): number {
  if ((n & 1) === 0) {
    const x3 = x * x2;
    const s1 = fma64(x2, TAB[p + 12]!, TAB[p + 10]!);
    const x7 = x3 * x2;
    const s = fma64(x3, TAB[p + 8]!, x);
    return Math.fround(fma64(x7, s1, s));
  }
  const x4 = x2 * x2;
  const c2 = fma64(x2, TAB[p + 13]!, TAB[p + 11]!);
  const c1 = fma64(x2, TAB[p + 7]!, TAB[p + 6]!);
  const x6 = x4 * x2;
  const c = fma64(x4, TAB[p + 9]!, c1);
  return Math.fround(fma64(x6, c2, c));
}

let quadrant = 0;

/**
 * reduce_fast(x, p, &n), without TOINT_INTRINSICS:
 * `r = x * p->hpi_inv; int n = ((int32_t)r + 0x800000) >> 24; *np = n; return x - n * p->hpi;`
 */
function reduceFast(x: number): number {
  const r = x * HPI_INV;
  const n = ((Math.trunc(r) | 0) + 0x800000) >> 24;
  quadrant = n;
  return fma64(-n, HPI, x);
}

/** abstop12(y): top 12 bits of the float32 representation with the sign bit cleared. */
function abstop12(y: number): number {
  f32[0] = y;
  return (i32[0]! >>> 20) & 0x7ff;
}

/** abstop12(pio4), abstop12(0x1p-12f), abstop12(120.0f) */
const TOP_PIO4 = 0x3f4;
const TOP_TINY = 0x398;
const TOP_120 = 0x42f;

/**
 * glibc's `sinf(y)` for float32 y, bit for bit (x86-64 FMA variant) for |y| < 120; returns a float32 value.
 * @example sinf(1) // 0.8414709568023682
 */
export function sinf(y: number): number {
  const top = abstop12(y);
  const x = y;
  if (top < TOP_PIO4) {
    if (top < TOP_TINY) return Math.fround(y);
    return sinfPoly(x, x * x, 0, 0);
  }
  if (top < TOP_120) {
    const r = reduceFast(x);
    const n = quadrant;
    const s = TAB[n & 3]!;
    const p = n & 2 ? P1 : 0;
    return sinfPoly(r * s, r * r, p, n);
  }
  return Math.fround(Math.sin(y));
}

/**
 * glibc's `cosf(y)` for float32 y, bit for bit (x86-64 FMA variant) for |y| < 120; returns a float32 value.
 * @example cosf(1) // 0.5403022766113281
 */
export function cosf(y: number): number {
  const top = abstop12(y);
  const x = y;
  if (top < TOP_PIO4) {
    if (top < TOP_TINY) return 1;
    return sinfPoly(x, x * x, 0, 1);
  }
  if (top < TOP_120) {
    const r = reduceFast(x);
    const n = quadrant;
    const s = TAB[n & 3]!;
    const p = n & 2 ? P1 : 0;
    return sinfPoly(r * s, r * r, p, n ^ 1);
  }
  return Math.fround(Math.cos(y));
}
