import { createHash } from 'node:crypto';

/** IEEE half bits of a float32 (bits `b`) that is a float16 value (so no rounding is needed). */
function halfBits(b: number): number {
  const sign = (b >>> 16) & 0x8000;
  const exp = (b >>> 23) & 0xff;
  const mant = b & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  if (exp === 0) return sign;
  const e = exp - 127 + 15;
  if (e >= 1) return sign | (e << 10) | (mant >>> 13);
  return sign | ((0x800000 | mant) >>> (14 - e));
}

/** sha256 (hex) of a tensor's `tolist()` data as numpy's `tobytes()` in its dtype (little-endian, row-major). */
export function sha256OfData(data: unknown, dtype: string): string {
  const flat: number[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) walk(x);
    else flat.push(typeof v === 'boolean' ? Number(v) : (v as number));
  };
  walk(data);
  let bytes: Uint8Array;
  switch (dtype) {
    case 'float32':
      bytes = new Uint8Array(Float32Array.from(flat).buffer);
      break;
    case 'float64':
      bytes = new Uint8Array(Float64Array.from(flat).buffer);
      break;
    case 'float16':
    case 'bfloat16': {
      // the 16-bit patterns (numpy's float16 tobytes(); bfloat16's raw bits), from the exact float32 widening
      const f32 = new Uint32Array(Float32Array.from(flat).buffer);
      bytes = new Uint8Array(Uint16Array.from(f32, dtype === 'bfloat16' ? (b) => b >>> 16 : halfBits).buffer);
      break;
    }
    case 'int64':
      bytes = new Uint8Array(BigInt64Array.from(flat, (x) => BigInt(x)).buffer);
      break;
    case 'int32':
      bytes = new Uint8Array(Int32Array.from(flat).buffer);
      break;
    case 'int16':
      bytes = new Uint8Array(Int16Array.from(flat).buffer);
      break;
    case 'int8':
      bytes = new Uint8Array(Int8Array.from(flat).buffer);
      break;
    default:
      bytes = Uint8Array.from(flat);
  }
  return createHash('sha256').update(bytes).digest('hex');
}
