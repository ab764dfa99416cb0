/**
 * glibc 2.36's double `log` (sysdeps/ieee754/dbl-64/e_log.c, Szabolcs Nagy's table-based version) as
 * the x86-64 libm runs it on CPUs with FMA and AVX2: the `__ieee754_log_fma` variant, built with
 * `-mfma -mavx2`, so `__FP_FAST_FMA` is defined and GCC contracts products into fused multiply-adds.
 * Every fused step below was read off the disassembly of libm.so.6 (Debian glibc 2.36-9) and is
 * written with `fma64`; all other operations are plain double operations, as in the C source.
 * Bit-identical to that libm on every input tested (see docs/normal-parity.md).
 * @internal
 */
import { fma64 } from './fma.js';
import { fromHex } from './fromHex.js';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

// __log_data (sysdeps/ieee754/dbl-64/e_log_data.c, LOG_TABLE_BITS = 7), bit patterns as in libm.so.6.
/** Ln2hi, Ln2lo */
const LN2 = fromHex(['3fe62e42fefa3800', '3d2ef35793c76730']);
/** A[0..4]: __log_data.poly */
const A = fromHex(['bfe0000000000001', '3fd555555551305b', 'bfcfffffffeb4590', '3fc999b324f10111', 'bfc55575e506c89f']);
/** B[0..10]: __log_data.poly1 (inputs close to 1) */
const B = fromHex([
  'bfe0000000000000', '3fd5555555555577', 'bfcffffffffffdcb', '3fc999999995dd0c', 'bfc55555556745a7', '3fc24924a344de30',
  'bfbfffffa4423d65', '3fbc7184282ad6ca', 'bfb999eb43b068ff', '3fb78182f7afd085', 'bfb5521375d145cd',
]);
/** T[i] = {invc, logc} interleaved: __log_data.tab */
const T = fromHex([
  '3ff734f0c3e0de9f', 'bfd7cc7f79e69000', '3ff713786a2ce91f', 'bfd76feec20d0000',
  '3ff6f26008fab5a0', 'bfd713e31351e000', '3ff6d1a61f138c7d', 'bfd6b85b38287800',
  '3ff6b1490bc5b4d1', 'bfd65d5590807800', '3ff69147332f0cba', 'bfd602d076180000',
  '3ff6719f18224223', 'bfd5a8ca86909000', '3ff6524f99a51ed9', 'bfd54f4356035000',
  '3ff63356aa8f24c4', 'bfd4f637c36b4000', '3ff614b36b9ddc14', 'bfd49da7fda85000',
  '3ff5f66452c65c4c', 'bfd445923989a800', '3ff5d867b5912c4f', 'bfd3edf439b0b800',
  '3ff5babccb5b90de', 'bfd396ce448f7000', '3ff59d61f2d91a78', 'bfd3401e17bda000',
  '3ff5805612465687', 'bfd2e9e2ef468000', '3ff56397cee76bd3', 'bfd2941b3830e000',
  '3ff54725e2a77f93', 'bfd23ec58cda8800', '3ff52aff42064583', 'bfd1e9e129279000',
  '3ff50f22dbb2bddf', 'bfd1956d2b48f800', '3ff4f38f4734ded7', 'bfd141679ab9f800',
  '3ff4d843cfde2840', 'bfd0edd094ef9800', '3ff4bd3ec078a3c8', 'bfd09aa518db1000',
  '3ff4a27fc3e0258a', 'bfd047e65263b800', '3ff4880524d48434', 'bfcfeb224586f000',
  '3ff46dce1b192d0b', 'bfcf474a7517b000', '3ff453d9d3391854', 'bfcea4443d103000',
  '3ff43a2744b4845a', 'bfce020d44e9b000', '3ff420b54115f8fb', 'bfcd60a22977f000',
  '3ff40782da3ef4b1', 'bfccc00104959000', '3ff3ee8f5d57fe8f', 'bfcc202956891000',
  '3ff3d5d9a00b4ce9', 'bfcb81178d811000', '3ff3bd60c010c12b', 'bfcae2c9ccd3d000',
  '3ff3a5242b75dab8', 'bfca45402e129000', '3ff38d22cd9fd002', 'bfc9a877681df000',
  '3ff3755bc5847a1c', 'bfc90c6d69483000', '3ff35dce49ad36e2', 'bfc87120a645c000',
  '3ff34679984dd440', 'bfc7d68fb4143000', '3ff32f5cceffcb24', 'bfc73cb83c627000',
  '3ff3187775a10d49', 'bfc6a39a9b376000', '3ff301c8373e3990', 'bfc60b3154b7a000',
  '3ff2eb4ebb95f841', 'bfc5737d76243000', '3ff2d50a0219a9d1', 'bfc4dc7b8fc23000',
  '3ff2bef9a8b7fd2a', 'bfc4462c51d20000', '3ff2a91c7a0c1bab', 'bfc3b08abc830000',
  '3ff293726014b530', 'bfc31b996b490000', '3ff27dfa5757a1f5', 'bfc2875490a44000',
  '3ff268b39b1d3bbf', 'bfc1f3b9f879a000', '3ff2539d838ff5bd', 'bfc160c8252ca000',
  '3ff23eb7aac9083b', 'bfc0ce7f57f72000', '3ff22a012ba940b6', 'bfc03cdc49fea000',
  '3ff2157996cc4132', 'bfbf57bdbc4b8000', '3ff201201dd2fc9b', 'bfbe370896404000',
  '3ff1ecf4494d480b', 'bfbd17983ef94000', '3ff1d8f5528f6569', 'bfbbf9674ed8a000',
  '3ff1c52311577e7c', 'bfbadc79202f6000', '3ff1b17c74cb26e9', 'bfb9c0c3e7288000',
  '3ff19e010c2c1ab6', 'bfb8a646b372c000', '3ff18ab07bb670bd', 'bfb78d01b3ac0000',
  '3ff1778a25efbcb6', 'bfb674f145380000', '3ff1648d354c31da', 'bfb55e0e6d878000',
  '3ff151b990275fdd', 'bfb4485cdea1e000', '3ff13f0ea432d24c', 'bfb333d94d6aa000',
  '3ff12c8b7210f9da', 'bfb22079f8c56000', '3ff11a3028ecb531', 'bfb10e4698622000',
  '3ff107fbda8434af', 'bfaffa6c6ad20000', '3ff0f5ee0f4e6bb3', 'bfadda8d4a774000',
  '3ff0e4065d2a9fce', 'bfabbcece4850000', '3ff0d244632ca521', 'bfa9a1894012c000',
  '3ff0c0a77ce2981a', 'bfa788583302c000', '3ff0af2f83c636d1', 'bfa5715e67d68000',
  '3ff09ddb98a01339', 'bfa35c8a49658000', '3ff08cabaf52e7df', 'bfa149e364154000',
  '3ff07b9f2f4e28fb', 'bf9e72c082eb8000', '3ff06ab58c358f19', 'bf9a55f152528000',
  '3ff059eea5ecf92c', 'bf963d62cf818000', '3ff04949cdd12c90', 'bf9228fb8caa0000',
  '3ff038c6c6f0ada9', 'bf8c317b20f90000', '3ff02865137932a9', 'bf8419355daa0000',
  '3ff0182427ea7348', 'bf781203c2ec0000', '3ff008040614b195', 'bf60040979240000',
  '3fefe01ff726fa1a', '3f6feff384900000', '3fefa11cc261ea74', '3f87dc41353d0000',
  '3fef6310b081992e', '3f93cea3c4c28000', '3fef25f63ceeadcd', '3f9b9fc114890000',
  '3feee9c8039113e7', '3fa1b0d8ce110000', '3feeae8078cbb1ab', '3fa58a5bd001c000',
  '3fee741aa29d0c9b', '3fa95c8340d88000', '3fee3a91830a99b5', '3fad276aef578000',
  '3fee01e009609a56', '3fb07598e598c000', '3fedca01e577bb98', '3fb253f5e30d2000',
  '3fed92f20b7c9103', '3fb42edd8b380000', '3fed5cac66fb5cce', '3fb606598757c000',
  '3fed272caa5ede9d', '3fb7da76356a0000', '3fecf26e3e6b2ccd', '3fb9ab434e1c6000',
  '3fecbe6da2a77902', '3fbb78c7bb0d6000', '3fec8b266d37086d', '3fbd431332e72000',
  '3fec5894bd5d5804', '3fbf0a3171de6000', '3fec26b533bb9f8c', '3fc067152b914000',
  '3febf583eeece73f', '3fc147858292b000', '3febc4fd75db96c1', '3fc2266ecdca3000',
  '3feb951e0c864a28', '3fc303d7a6c55000', '3feb65e2c5ef3e2c', '3fc3dfc33c331000',
  '3feb374867c9888b', '3fc4ba366b7a8000', '3feb094b211d304a', '3fc5933928d1f000',
  '3feadbe885f2ef7e', '3fc66acd2418f000', '3feaaf1d31603da2', '3fc740f8ec669000',
  '3fea82e63fd358a7', '3fc815c0f51af000', '3fea5740ef09738b', '3fc8e92954f68000',
  '3fea2c2a90ab4b27', '3fc9bb3602f84000', '3fea01a01393f2d1', '3fca8bed1c2c0000',
  '3fe9d79f24db3c1b', '3fcb5b515c01d000', '3fe9ae2505c7b190', '3fcc2967ccbcc000',
  '3fe9852ef297ce2f', '3fccf635d5486000', '3fe95cbaeea44b75', '3fcdc1bd3446c000',
  '3fe934c69de74838', '3fce8c01b8cfe000', '3fe90d4f2f6752e6', '3fcf5509c0179000',
  '3fe8e6528effd79d', '3fd00e6c121fb800', '3fe8bfce9fcc007c', '3fd071b80e93d000',
  '3fe899c0dabec30e', '3fd0d46b9e867000', '3fe87427aa2317fb', '3fd13687334bd000',
  '3fe84f00acb39a08', '3fd1980d67234800', '3fe82a49e8653e55', '3fd1f8ffe0cc8000',
  '3fe8060195f40260', '3fd2595fd7636800', '3fe7e22563e0a329', '3fd2b9300914a800',
  '3fe7beb377dcb5ad', '3fd3187210436000', '3fe79baa679725c2', '3fd377266dec1800',
  '3fe77907f2170657', '3fd3d54ffbaf3000', '3fe756cadbd6130c', '3fd432eee32fe000',]);

const Ln2hi = LN2[0]!;
const Ln2lo = LN2[1]!;
const A0 = A[0]!, A1 = A[1]!, A2 = A[2]!, A3 = A[3]!, A4 = A[4]!;
const B0 = B[0]!, B1 = B[1]!, B2 = B[2]!, B3 = B[3]!, B4 = B[4]!, B5 = B[5]!;
const B6 = B[6]!, B7 = B[7]!, B8 = B[8]!, B9 = B[9]!, B10 = B[10]!;
/** = 2^27 */
const TWO_POW_27 = 134217728;
/** = 2^52 */
const TWO_POW_52 = 4503599627370496;
/** asuint64(1.0 - 0x1p-4) = 0x3FEE0000_00000000 and asuint64(1.0 + 0x1.09p-4) = 0x3FF10900_00000000: high words. */
const LO_HI = 0x3fee0000;
const HI_HI = 0x3ff10900;
/** OFF = 0x3fe6000000000000 (high word) */
const OFF_HI = 0x3fe60000;

/**
 * glibc's `log(x)` for doubles, bit for bit (x86-64 FMA variant).
 * @example log(0.5) // -0.6931471805599453
 */
export function log(x: number): number {
  f64[0] = x;
  let hi32 = u32[1]!;
  let lo32 = u32[0]!;
  // if (ix - LO < HI - LO): handle close to 1.0 inputs separately
  if (hi32 >= LO_HI && hi32 < HI_HI) {
    if (x === 1) return 0;
    // r = x - 1.0; r2 = r * r; r3 = r * r2;
    const r = x - 1.0;
    const r2 = r * r;
    const r3 = r * r2;
    // y = r3 * (B[1] + r * B[2] + r2 * B[3] + r3 * (B[4] + r * B[5] + r2 * B[6] + r3 * (B[7] + r * B[8] + r2 * B[9] + r3 * B[10])));
    const p1 = fma64(r2, B3, fma64(r, B2, B1));
    const p2 = fma64(r2, B6, fma64(r, B5, B4));
    const p3 = fma64(r3, B10, fma64(r2, B9, fma64(r, B8, B7)));
    const q = fma64(fma64(p3, r3, p2), r3, p1); // y = r3 * q, fused below into y += lo
    // w = r * 0x1p27; double_t rhi = r + w - w; double_t rlo = r - rhi;
    const rhi = fma64(-TWO_POW_27, r, fma64(r, TWO_POW_27, r));
    const rlo = r - rhi;
    // w = rhi * rhi * B[0]; hi = r + w; lo = r - hi + w;
    const rr = rhi * rhi;
    const h = fma64(rr, B0, r);
    let lo = fma64(rr, B0, r - h);
    // lo += B[0] * rlo * (rhi + r);
    lo = fma64(B0 * rlo, rhi + r, lo);
    // y += lo; y += hi;
    const y = fma64(q, r3, lo);
    return h + y;
  }
  let top = hi32 >>> 16;
  if (top - 0x0010 >= 0x7ff0 - 0x0010 || top < 0x0010) {
    // x < 0x1p-1022 or inf or nan
    if (x === 0) return -Infinity;
    if (x === Infinity) return x;
    if (top & 0x8000 || (top & 0x7ff0) === 0x7ff0) return NaN;
    // x is subnormal, normalize it: ix = asuint64(x * 0x1p52); ix -= 52ULL << 52;
    f64[0] = x * TWO_POW_52;
    hi32 = (u32[1]! - (52 << 20)) >>> 0;
    lo32 = u32[0]!;
    top = hi32 >>> 16;
  }
  // tmp = ix - OFF; i = (tmp >> (52 - LOG_TABLE_BITS)) % N; k = (int64_t) tmp >> 52; iz = ix - (tmp & 0xfffULL << 52);
  const tmpHi = (hi32 - OFF_HI) | 0; // OFF has a zero low word
  const i = (tmpHi >>> 13) & 0x7f;
  const k = tmpHi >> 20;
  u32[1] = (hi32 - (tmpHi & 0xfff00000)) >>> 0;
  u32[0] = lo32;
  const z = f64[0]!;
  const invc = T[2 * i]!;
  const logc = T[2 * i + 1]!;
  // r = __builtin_fma (z, invc, -1.0);
  const r = fma64(z, invc, -1.0);
  const kd = k;
  // w = kd * Ln2hi + logc; hi = w + r; lo = w - hi + r + kd * Ln2lo;
  const w = fma64(kd, Ln2hi, logc);
  const h = w + r;
  const lo = fma64(kd, Ln2lo, w - h + r);
  // r2 = r * r;
  const r2 = r * r;
  // y = lo + r2 * A[0] + r * r2 * (A[1] + r * A[2] + r2 * (A[3] + r * A[4])) + hi;
  const p = fma64(fma64(r, A4, A3), r2, fma64(r, A2, A1));
  const y = fma64(r * r2, p, fma64(r2, A0, lo));
  return y + h;
}
