/**
 * glibc 2.36 float `erff` (sysdeps/ieee754/flt-32/s_erff.c: fdlibm's s_erf.c converted to float by
 * Ian Lance Taylor). Every operation is a float32 operation, rounded with `Math.fround`.
 * Not correctly rounded (about 3% of inputs differ from the correctly rounded erf), hence a port.
 * @internal
 */
import { glibcExpf } from './expf.js';

const fr = Math.fround;
/** Float32 constants of s_erff.c, written by their bit patterns (the source's comments). */
function bits(u: number): number {
  u32[0] = u;
  return f32[0]!;
}
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

const tiny = 1e-30; // fr(1e-30) is applied where used
const erx = bits(0x3f58560b);
const efx = bits(0x3e0375d4);
const pp0 = bits(0x3e0375d4), pp1 = bits(0xbea66beb), pp2 = bits(0xbce9528f), pp3 = bits(0xbbbd1489), pp4 = bits(0xb7c756b1);
const qq1 = bits(0x3ecbbbce), qq2 = bits(0x3d852a63), qq3 = bits(0x3ba68116), qq4 = bits(0x390aee49), qq5 = bits(0xb684e21a);
const pa0 = bits(0xbb1acdc6), pa1 = bits(0x3ed46805), pa2 = bits(0xbebe9208), pa3 = bits(0x3ea2fe54);
const pa4 = bits(0xbde31cc2), pa5 = bits(0x3d1151b3), pa6 = bits(0xbb0df9c0);
const qa1 = bits(0x3dd9f331), qa2 = bits(0x3f0a5785), qa3 = bits(0x3d931ae7), qa4 = bits(0x3e013307);
const qa5 = bits(0x3c5f6e13), qa6 = bits(0x3c445aa3);
const ra0 = bits(0xbc21a093), ra1 = bits(0xbf31a0b7), ra2 = bits(0xc128f022), ra3 = bits(0xc2798057);
const ra4 = bits(0xc322658c), ra5 = bits(0xc3389ae7), ra6 = bits(0xc2a2932b), ra7 = bits(0xc11d077e);
const sa1 = bits(0x419d35ce), sa2 = bits(0x4309a863), sa3 = bits(0x43d9486f), sa4 = bits(0x442158c9);
const sa5 = bits(0x43d6810b), sa6 = bits(0x42d9451f), sa7 = bits(0x40d23f7c), sa8 = bits(0xbd777f97);
const rb0 = bits(0xbc21a092), rb1 = bits(0xbf4c9dd4), rb2 = bits(0xc18e104b), rb3 = bits(0xc320a2ea);
const rb4 = bits(0xc41f6441), rb5 = bits(0xc480230b), rb6 = bits(0xc3f1c275);
const sb1 = bits(0x41f2b459), sb2 = bits(0x43a2e571), sb3 = bits(0x44c01759), sb4 = bits(0x4547fdbb);
const sb5 = bits(0x451f90ce), sb6 = bits(0x43ed43a7), sb7 = bits(0xc1b38712);

/** glibc's float `erff(x)`, bit for bit (argument and result are float32 values). */
export function glibcErff(x: number): number {
  f32[0] = x;
  const hx = u32[0]! | 0;
  const ix = hx & 0x7fffffff;
  if (ix >= 0x7f800000) {
    // erf(nan)=nan, erf(+-inf)=+-1: (float)(1-i)+one/x
    const i = (hx >>> 31) << 1;
    return fr(1 - i + fr(1 / x));
  }
  if (ix < 0x3f580000) {
    // |x| < 0.84375
    if (ix < 0x31800000) {
      // |x| < 2**-28
      if (ix < 0x04000000) return fr(0.0625 * fr(fr(16 * x) + fr(fr(16 * efx) * x)));
      return fr(x + fr(efx * x));
    }
    const z = fr(x * x);
    const r = fr(pp0 + fr(z * fr(pp1 + fr(z * fr(pp2 + fr(z * fr(pp3 + fr(z * pp4))))))));
    const s = fr(1 + fr(z * fr(qq1 + fr(z * fr(qq2 + fr(z * fr(qq3 + fr(z * fr(qq4 + fr(z * qq5))))))))));
    const y = fr(r / s);
    return fr(x + fr(x * y));
  }
  if (ix < 0x3fa00000) {
    // 0.84375 <= |x| < 1.25
    const s = fr(Math.abs(x) - 1);
    const P = fr(pa0 + fr(s * fr(pa1 + fr(s * fr(pa2 + fr(s * fr(pa3 + fr(s * fr(pa4 + fr(s * fr(pa5 + fr(s * pa6))))))))))));
    const Q = fr(1 + fr(s * fr(qa1 + fr(s * fr(qa2 + fr(s * fr(qa3 + fr(s * fr(qa4 + fr(s * fr(qa5 + fr(s * qa6))))))))))));
    return hx >= 0 ? fr(erx + fr(P / Q)) : fr(-erx - fr(P / Q));
  }
  if (ix >= 0x40c00000) {
    // inf > |x| >= 6
    return hx >= 0 ? fr(1 - fr(tiny)) : fr(fr(tiny) - 1);
  }
  const ax = Math.abs(x);
  const s = fr(1 / fr(ax * ax));
  let R: number;
  let S: number;
  if (ix < 0x4036db6e) {
    // |x| < 1/0.35
    R = fr(ra0 + fr(s * fr(ra1 + fr(s * fr(ra2 + fr(s * fr(ra3 + fr(s * fr(ra4 + fr(s * fr(ra5 + fr(s * fr(ra6 + fr(s * ra7))))))))))))));
    S = fr(1 + fr(s * fr(sa1 + fr(s * fr(sa2 + fr(s * fr(sa3 + fr(s * fr(sa4 + fr(s * fr(sa5 + fr(s * fr(sa6 + fr(s * fr(sa7 + fr(s * sa8))))))))))))))));
  } else {
    // |x| >= 1/0.35
    R = fr(rb0 + fr(s * fr(rb1 + fr(s * fr(rb2 + fr(s * fr(rb3 + fr(s * fr(rb4 + fr(s * fr(rb5 + fr(s * rb6))))))))))));
    S = fr(1 + fr(s * fr(sb1 + fr(s * fr(sb2 + fr(s * fr(sb3 + fr(s * fr(sb4 + fr(s * fr(sb5 + fr(s * fr(sb6 + fr(s * sb7))))))))))))));
  }
  // SET_FLOAT_WORD(z, ix & 0xfffff000)
  f32[0] = ax;
  u32[0] = u32[0]! & 0xfffff000;
  const z = f32[0]!;
  // r = expf(-z*z - 0.5625) * expf((z-x)*(z+x) + R/S)
  const e1 = glibcExpf(fr(fr(-z * z) - 0.5625));
  const e2 = glibcExpf(fr(fr(fr(z - ax) * fr(z + ax)) + fr(R / S)));
  const r = fr(e1 * e2);
  return hx >= 0 ? fr(1 - fr(r / ax)) : fr(fr(r / ax) - 1);
}
