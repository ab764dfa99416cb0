import { createHash } from 'node:crypto';
import { bfloat16Bits, halfBits } from '../../src/engine/torch/tensor/half.js';

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
      // the 16-bit patterns (numpy's float16 tobytes(); bfloat16's raw bits), as the safetensors writer takes them
      bytes = new Uint8Array(Uint16Array.from(flat, dtype === 'bfloat16' ? bfloat16Bits : halfBits).buffer);
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
