/**
 * glibc 2.36 double `erf` (sysdeps/ieee754/dbl-64/s_erf.c, fdlibm), which is what CPython's
 * `math.erf` calls; `nn.init.trunc_normal_` uses it for the normal CDF. The two `exp` calls use
 * `Math.exp` instead of glibc's `__ieee754_exp` (both within 1 ulp; the difference can reach the
 * float32 bounds of `uniform_` only when a double lands within 1 ulp of a float32 rounding boundary).
 * @internal
 */

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
/** Builds a double from its two 32-bit words, as the source's comments give them. */
function w(hi: number, lo: number): number {
  u32[1] = hi;
  u32[0] = lo;
  return f64[0]!;
}

const tiny = 1e-300;
const erx = w(0x3feb0ac1, 0x60000000);
const efx = w(0x3fc06eba, 0x8214db69);
const pp = [w(0x3fc06eba, 0x8214db68), w(0xbfd4cd7d, 0x691cb913), w(0xbf9d2a51, 0xdbd7194f), w(0xbf77a291, 0x236668e4), w(0xbef8ead6, 0x120016ac)];
const qq = [0, w(0x3fd97779, 0xcddadc09), w(0x3fb0a54c, 0x5536ceba), w(0x3f74d022, 0xc4d36b0f), w(0x3f215dc9, 0x221c1a10), w(0xbed09c43, 0x42a26120)];
const pa = [
  w(0xbf6359b8, 0xbef77538), w(0x3fda8d00, 0xad92b34d), w(0xbfd7d240, 0xfbb8c3f1), w(0x3fd45fca, 0x805120e4),
  w(0xbfbc6398, 0x3d3e28ec), w(0x3fa22a36, 0x599795eb), w(0xbf61bf38, 0x0a96073f),
];
const qa = [
  0, w(0x3fbb3e66, 0x18eee323), w(0x3fe14af0, 0x92eb6f33), w(0x3fb2635c, 0xd99fe9a7), w(0x3fc02660, 0xe763351f),
  w(0x3f8bedc2, 0x6b51dd1c), w(0x3f888b54, 0x5735151d),
];
const ra = [
  w(0xbf843412, 0x600d6435), w(0xbfe63416, 0xe4ba7360), w(0xc0251e04, 0x41b0e726), w(0xc04f300a, 0xe4cba38d),
  w(0xc0644cb1, 0x84282266), w(0xc067135c, 0xebccabb2), w(0xc0545265, 0x57e4d2f2), w(0xc023a0ef, 0xc69ac25c),
];
const sa = [
  0, w(0x4033a6b9, 0xbd707687), w(0x4061350c, 0x526ae721), w(0x407b290d, 0xd58a1a71), w(0x40842b19, 0x21ec2868),
  w(0x407ad021, 0x57700314), w(0x405b28a3, 0xee48ae2c), w(0x401a47ef, 0x8e484a93), w(0xbfaeeff2, 0xee749a62),
];
const rb = [
  w(0xbf843412, 0x39e86f4a), w(0xbfe993ba, 0x70c285de), w(0xc031c209, 0x555f995a), w(0xc064145d, 0x43c5ed98),
  w(0xc083ec88, 0x1375f228), w(0xc0900461, 0x6a2e5992), w(0xc07e384e, 0x9bdc383f),
];
const sb = [
  0, w(0x403e568b, 0x261d5190), w(0x40745cae, 0x221b9f0a), w(0x409802eb, 0x189d5118), w(0x40a8ffb7, 0x688c246a),
  w(0x40a3f219, 0xcedf3be6), w(0x407da874, 0xe79fe763), w(0xc03670e2, 0x42712d62),
];

/** `math.erf(x)` as CPython on glibc 2.36 computes it. */
export function glibcErf(x: number): number {
  f64[0] = x;
  const hx = u32[1]! | 0;
  const ix = hx & 0x7fffffff;
  if (ix >= 0x7ff00000) {
    const i = (hx >>> 31) << 1;
    return 1 - i + 1 / x;
  }
  if (ix < 0x3feb0000) {
    // |x| < 0.84375
    if (ix < 0x3e300000) {
      if (ix < 0x00800000) return 0.0625 * (16.0 * x + 16.0 * efx * x);
      return x + efx * x;
    }
    const z = x * x;
    const r1 = pp[0]! + z * pp[1]!;
    const z2 = z * z;
    const r2 = pp[2]! + z * pp[3]!;
    const z4 = z2 * z2;
    const s1 = 1 + z * qq[1]!;
    const s2 = qq[2]! + z * qq[3]!;
    const s3 = qq[4]! + z * qq[5]!;
    const r = r1 + z2 * r2 + z4 * pp[4]!;
    const s = s1 + z2 * s2 + z4 * s3;
    const y = r / s;
    return x + x * y;
  }
  if (ix < 0x3ff40000) {
    // 0.84375 <= |x| < 1.25
    const s = Math.abs(x) - 1;
    const P1 = pa[0]! + s * pa[1]!;
    const s2 = s * s;
    const Q1 = 1 + s * qa[1]!;
    const s4 = s2 * s2;
    const P2 = pa[2]! + s * pa[3]!;
    const s6 = s4 * s2;
    const Q2 = qa[2]! + s * qa[3]!;
    const P3 = pa[4]! + s * pa[5]!;
    const Q3 = qa[4]! + s * qa[5]!;
    const P = P1 + s2 * P2 + s4 * P3 + s6 * pa[6]!;
    const Q = Q1 + s2 * Q2 + s4 * Q3 + s6 * qa[6]!;
    return hx >= 0 ? erx + P / Q : -erx - P / Q;
  }
  if (ix >= 0x40180000) return hx >= 0 ? 1 - tiny : tiny - 1;
  const ax = Math.abs(x);
  const s = 1 / (ax * ax);
  let R: number;
  let S: number;
  if (ix < 0x4006db6e) {
    const R1 = ra[0]! + s * ra[1]!;
    const s2 = s * s;
    const S1 = 1 + s * sa[1]!;
    const s4 = s2 * s2;
    const R2 = ra[2]! + s * ra[3]!;
    const s6 = s4 * s2;
    const S2 = sa[2]! + s * sa[3]!;
    const s8 = s4 * s4;
    const R3 = ra[4]! + s * ra[5]!;
    const S3 = sa[4]! + s * sa[5]!;
    const R4 = ra[6]! + s * ra[7]!;
    const S4 = sa[6]! + s * sa[7]!;
    R = R1 + s2 * R2 + s4 * R3 + s6 * R4;
    S = S1 + s2 * S2 + s4 * S3 + s6 * S4 + s8 * sa[8]!;
  } else {
    const R1 = rb[0]! + s * rb[1]!;
    const s2 = s * s;
    const S1 = 1 + s * sb[1]!;
    const s4 = s2 * s2;
    const R2 = rb[2]! + s * rb[3]!;
    const s6 = s4 * s2;
    const S2 = sb[2]! + s * sb[3]!;
    const R3 = rb[4]! + s * rb[5]!;
    const S3 = sb[4]! + s * sb[5]!;
    const S4 = sb[6]! + s * sb[7]!;
    R = R1 + s2 * R2 + s4 * R3 + s6 * rb[6]!;
    S = S1 + s2 * S2 + s4 * S3 + s6 * S4;
  }
  // z = x with the low word cleared
  f64[0] = ax;
  u32[0] = 0;
  const z = f64[0]!;
  const r = Math.exp(-z * z - 0.5625) * Math.exp((z - ax) * (z + ax) + R / S);
  return hx >= 0 ? 1 - r / ax : r / ax - 1;
}
