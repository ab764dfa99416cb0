import { isHalf, type DType, type Tensor } from '../tensor/tensor.js';
import { bfloat16Bits, halfBits } from '../tensor/half.js';
import type { StateDict } from './module.js';

/** safetensors dtype names of the engine's dtypes. */
const DTYPE_NAMES: Record<DType, string> = {
  float32: 'F32',
  float64: 'F64',
  float16: 'F16',
  bfloat16: 'BF16',
  int64: 'I64',
  int32: 'I32',
  int16: 'I16',
  int8: 'I8',
  uint8: 'U8',
  bool: 'BOOL',
};
/** Bytes per element. */
const WIDTH: Record<DType, number> = { float32: 4, float64: 8, float16: 2, bfloat16: 2, int64: 8, int32: 4, int16: 2, int8: 1, uint8: 1, bool: 1 };

/** One header entry of a safetensors file. */
interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/** Whether this host stores numbers little-endian (then typed-array bytes are copied as they are). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Writes a tensor's elements little-endian at `offset` of `view`. */
function writeData(view: DataView, offset: number, t: Tensor): void {
  const d = t.data;
  const n = d.length;
  // every storage matches its dtype's bytes except int64 held as exact doubles
  // (and the half dtypes, held widened in a Float32Array)
  const sameLayout = (t.dtype !== 'int64' || d instanceof BigInt64Array) && !isHalf(t.dtype);
  if (LITTLE_ENDIAN && sameLayout) {
    new Uint8Array(view.buffer, view.byteOffset + offset, d.byteLength).set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
    return;
  }
  if (d instanceof BigInt64Array) {
    // int64 beyond 2^53
    for (let i = 0; i < n; i++) view.setBigInt64(offset + 8 * i, d[i]!, true);
    return;
  }
  switch (t.dtype) {
    case 'float32':
      for (let i = 0; i < n; i++) view.setFloat32(offset + 4 * i, d[i]!, true);
      return;
    case 'float64':
      for (let i = 0; i < n; i++) view.setFloat64(offset + 8 * i, d[i]!, true);
      return;
    case 'float16':
      for (let i = 0; i < n; i++) view.setUint16(offset + 2 * i, halfBits(d[i]!), true);
      return;
    case 'bfloat16':
      for (let i = 0; i < n; i++) view.setUint16(offset + 2 * i, bfloat16Bits(d[i]!), true);
      return;
    case 'int64':
      // int64 held as exact doubles (or int32 below 2^31)
      for (let i = 0; i < n; i++) view.setBigInt64(offset + 8 * i, BigInt(d[i]!), true);
      return;
    case 'int32':
      for (let i = 0; i < n; i++) view.setInt32(offset + 4 * i, d[i]!, true);
      return;
    case 'int16':
      for (let i = 0; i < n; i++) view.setInt16(offset + 2 * i, d[i]!, true);
      return;
    case 'int8':
      for (let i = 0; i < n; i++) view.setInt8(offset + i, d[i]!);
      return;
    case 'uint8':
    case 'bool':
      for (let i = 0; i < n; i++) view.setUint8(offset + i, d[i]!);
  }
}

/**
 * Encodes an ordered state_dict as a safetensors file: an 8-byte little-endian header length, the JSON
 * header (`{"__metadata__": {...}, key: {"dtype", "shape", "data_offsets": [begin, end]}}`, padded with
 * spaces so the data starts 8-byte aligned), then every tensor's little-endian bytes, in state_dict order.
 * `safetensors.torch.load(bytes)` reads it back into the same tensors.
 * @example encodeSafetensors([['bias', tensor]]) // Uint8Array: 8-byte length, '{"bias":{"dtype":"F32",...}}', data
 */
export function encodeSafetensors(sd: StateDict, metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, HeaderEntry | Record<string, string>> = {};
  if (metadata && Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  const starts: number[] = [];
  for (const [key, t] of sd) {
    const bytes = t.data.length * WIDTH[t.dtype];
    header[key] = { dtype: DTYPE_NAMES[t.dtype], shape: [...t.shape], data_offsets: [offset, offset + bytes] };
    starts.push(offset);
    offset += bytes;
  }
  let json = JSON.stringify(header);
  const enc = new TextEncoder();
  let headerBytes = enc.encode(json);
  const pad = (8 - ((8 + headerBytes.length) % 8)) % 8;
  if (pad > 0) {
    json += ' '.repeat(pad);
    headerBytes = enc.encode(json);
  }
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  const base = 8 + headerBytes.length;
  sd.forEach(([, t], i) => writeData(view, base + starts[i]!, t));
  return out;
}

/** The safetensors media type the HTTP layer answers with. */
export const SAFETENSORS_MEDIA_TYPE = 'application/vnd.safetensors';
