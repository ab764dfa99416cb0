/** Exact binary rational m * 2^e of a finite double. */
export function decompose(x: number): { m: bigint; e: number } {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  const bits = dv.getBigUint64(0);
  const sign = bits >> 63n ? -1n : 1n;
  const exp = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  if (exp === 0) return { m: sign * frac, e: -1074 };
  return { m: sign * (frac | (1n << 52n)), e: exp - 1075 };
}

/** Rounds the exact value m * 2^e to float32, nearest-even (reference for fma emulations). */
export function roundToFloat32(m: bigint, e: number): number {
  if (m === 0n) return 0;
  const neg = m < 0n;
  let a = neg ? -m : m;
  const bitLen = a.toString(2).length;
  // keep 24 significant bits, but never go below the float32 subnormal exponent -149
  let shift = bitLen - 24;
  if (e + shift < -149) shift = -149 - e;
  if (shift > 0) {
    const half = 1n << BigInt(shift - 1);
    const rem = a & ((1n << BigInt(shift)) - 1n);
    a >>= BigInt(shift);
    if (rem > half || (rem === half && (a & 1n) === 1n)) a += 1n;
    e += shift;
  }
  const v = Number(a) * 2 ** e;
  return Math.fround(neg ? -v : v);
}

/** The exact float32 result of x * d + a rounded once. */
export function exactFma32(x: number, d: number, a: number): number {
  const X = decompose(x);
  const D = decompose(d);
  const A = decompose(a);
  const pm = X.m * D.m;
  const pe = X.e + D.e;
  const e = Math.min(pe, A.e);
  const sum = (pm << BigInt(pe - e)) + (A.m << BigInt(A.e - e));
  // an exact zero takes IEEE's sign rule (-0 only for -0 + -0), which the double sum follows exactly
  if (sum === 0n) return x * d + a;
  return roundToFloat32(sum, e);
}
