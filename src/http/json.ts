import { createRequire } from 'node:module';
import type { Tensor } from '../engine/torch/tensor/tensor.js';
import { checkpoint } from '../engine/cancel.js';

/** The optional native float formatter (native/float_format.cc, built by `npm run build:native`). */
interface NativeFloatFormat {
  formatTensor(data: Float32Array | Float64Array, shape: number[]): Buffer;
  formatFloat(x: number): string;
}

/**
 * Loads the native formatter unless JSON_NATIVE_FLOATS=0; null when it is not built (then floats are
 * formatted by floatText, the same bytes). The same path from src/http and dist/http.
 */
function loadNative(): NativeFloatFormat | null {
  if (process.env.JSON_NATIVE_FLOATS === '0') return null;
  try {
    // require() of a native addon is untyped: NativeFloatFormat is what native/float_format.cc exports (tests run both)
    return createRequire(import.meta.url)('../../native/build/float_format.node') as NativeFloatFormat;
  } catch {
    return null;
  }
}

/** The native formatter in use, or null (JavaScript formatting). Exported for tests and benches. */
export const nativeFloatFormat: NativeFloatFormat | null = loadNative();

/** Threshold at which the writer flushes its pending string into a Buffer chunk. */
const CHUNK_CHARS = 1 << 20;

function isTensor(v: unknown): v is Tensor {
  return typeof v === 'object' && v !== null && 'dtype' in v && 'shape' in v && 'data' in v && ArrayBuffer.isView(v.data);
}

/** An exact JSON integer (every digit, unquoted), for int64 answers: a bare bigint is written as a decimal string (seeds). */
export class JsonInteger {
  constructor(readonly value: bigint) {}
}

/**
 * JSON writer for engine results: tensors are written from their typed arrays (floats with the
 * shortest round-trip digits (Python's repr's digits, JavaScript's notation); -0.0 kept; int64 beyond 2^53 with every digit),
 * bigints as decimal strings, Maps and state_dict entry lists as ordered objects.
 */
export class JsonWriter {
  private chunks: Buffer[] = [];
  private s = '';
  /** Where finished chunks go: kept for toBuffer()/toChunks(), or handed to the sink as they are written. */
  private readonly sink: ((chunk: Buffer) => void) | undefined;

  /** With a sink, each chunk (about CHUNK_CHARS bytes) is handed over as soon as it is written, not kept. */
  constructor(sink?: (chunk: Buffer) => void) {
    this.sink = sink;
  }

  private emit(chunk: Buffer): void {
    if (this.sink) this.sink(chunk);
    else this.chunks.push(chunk);
  }

  private push(str: string): void {
    this.s += str;
    if (this.s.length >= CHUNK_CHARS) this.flush();
  }
  private flush(): void {
    checkpoint(); // a worker's cancellation stops a long answer between chunks
    if (this.s.length > 0) {
      this.emit(Buffer.from(this.s, 'utf8'));
      this.s = '';
    }
  }

  /** Writes any engine value. */
  value(v: unknown): this {
    if (v === null || v === undefined) this.push('null');
    else if (typeof v === 'bigint') this.push(`"${v.toString()}"`);
    else if (v instanceof JsonInteger) this.push(v.value.toString());
    else if (typeof v === 'number') this.push(num(v));
    else if (typeof v === 'string' || typeof v === 'boolean') this.push(JSON.stringify(v));
    else if (isTensor(v)) this.tensor(v);
    else if (Array.isArray(v) && isIntArray(v)) {
      if (v.length < 256) this.push(`[${v.join(',')}]`);
      else {
        // long index lists (subsets, permutations): ASCII digits straight into bytes
        this.flush();
        // isIntArray checked every element; its guard cannot narrow unknown[] to number[] (it returns boolean)
        this.emit(intArrayBytes(v as number[]));
      }
    } else if (Array.isArray(v)) {
      this.push('[');
      for (let i = 0; i < v.length; i++) {
        if (i > 0) this.push(',');
        this.value(v[i]);
      }
      this.push(']');
    } else if (typeof v === 'object') {
      this.push('{');
      let first = true;
      for (const [k, x] of Object.entries(v)) {
        if (x === undefined) continue;
        if (!first) this.push(',');
        first = false;
        this.push(JSON.stringify(k));
        this.push(':');
        // a state_dict is written as the engine's ordered [key, tensor] list (StateDict), which keeps torch's key order
        if (k === 'state_dict' && Array.isArray(x)) this.entries(x as Array<[string, unknown]>);
        else this.value(x);
      }
      this.push('}');
    } else this.push('null');
    return this;
  }

  /** Writes an ordered list of [key, value] pairs as an object (a state_dict). */
  entries(list: Array<[string, unknown]>): void {
    this.push('{');
    list.forEach(([k, x], i) => {
      if (i > 0) this.push(',');
      this.push(JSON.stringify(k));
      this.push(':');
      this.value(x);
    });
    this.push('}');
  }

  /**
   * A float tensor's nested lists by the native formatter, in calls of at most NATIVE_SLICE values (whole
   * rows, or a too-long row's own rows), so a streamed answer is handed over in chunks as it is written.
   */
  private nativeFloats(native: NativeFloatFormat, data: Float32Array | Float64Array, shape: readonly number[]): void {
    const n = data.length;
    if (n <= NATIVE_SLICE) {
      this.emit(native.formatTensor(data, [...shape]));
      return;
    }
    const rows = shape[0]!;
    const rowLen = n / rows;
    const rest = shape.slice(1);
    this.push('[');
    if (rowLen > NATIVE_SLICE) {
      for (let r = 0; r < rows; r++) {
        if (r > 0) this.push(',');
        this.nativeFloats(native, data.subarray(r * rowLen, (r + 1) * rowLen), rest);
      }
    } else {
      const per = Math.max(1, Math.floor(NATIVE_SLICE / rowLen));
      for (let r0 = 0; r0 < rows; r0 += per) {
        const r1 = Math.min(rows, r0 + per);
        if (r0 > 0) this.push(',');
        this.flush();
        const text = native.formatTensor(data.subarray(r0 * rowLen, r1 * rowLen), [r1 - r0, ...rest]);
        this.emit(text.subarray(1, text.length - 1)); // the rows without the slice's own brackets
      }
    }
    this.push(']');
  }

  private tensor(t: Tensor): void {
    this.push(`{"shape":${JSON.stringify(t.shape)},"dtype":"${t.dtype}","data":`);
    const { data, shape } = t;
    const bool = t.dtype === 'bool';
    const float = t.dtype === 'float32' || t.dtype === 'float64' || t.dtype === 'float16' || t.dtype === 'bfloat16';
    if (float && shape.length > 0 && nativeFloatFormat && (data instanceof Float32Array || data instanceof Float64Array)) {
      this.flush();
      this.nativeFloats(nativeFloatFormat, data, shape);
      this.push('}');
      return;
    }
    const fmt = (x: number | bigint): string =>
      typeof x === 'bigint' ? x.toString() : bool ? (x !== 0 ? 'true' : 'false') : float ? floatText(x) : String(x);
    if (shape.length === 0) this.push(fmt(data[0]!));
    else {
      let offset = 0;
      const rec = (dim: number): void => {
        const n = shape[dim]!;
        this.push('[');
        if (dim === shape.length - 1) {
          let line = '';
          for (let i = 0; i < n; i++) {
            line += (i > 0 ? ',' : '') + fmt(data[offset++]!);
            if (line.length > 65536) {
              this.push(line);
              line = '';
            }
          }
          this.push(line);
        } else {
          for (let i = 0; i < n; i++) {
            if (i > 0) this.push(',');
            rec(dim + 1);
          }
        }
        this.push(']');
      };
      rec(0);
    }
    this.push('}');
  }

  /**
   * The written JSON as its chunks in order (about CHUNK_CHARS bytes each, one per float tensor); with
   * a sink, hands it the last chunk and returns [].
   */
  toChunks(): Buffer[] {
    this.flush();
    return this.chunks;
  }

  /** The written JSON as one Buffer. */
  toBuffer(): Buffer {
    this.flush();
    return this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
  }
}

/**
 * `[a,b,...]` of safe integers as UTF-8 bytes, written digit by digit (the same text as join(',')).
 */
function intArrayBytes(v: number[]): Buffer {
  const out = Buffer.allocUnsafe(2 + v.length * 18);
  let p = 0;
  out[p++] = 0x5b; // [
  const digits = new Uint8Array(20);
  for (let i = 0; i < v.length; i++) {
    if (i > 0) out[p++] = 0x2c; // ,
    let x = v[i]!;
    if (x < 0) {
      out[p++] = 0x2d; // -
      x = -x;
    }
    let k = 0;
    do {
      const q = Math.floor(x / 10);
      digits[k++] = 0x30 + (x - q * 10);
      x = q;
    } while (x > 0);
    while (k > 0) out[p++] = digits[--k]!;
  }
  out[p++] = 0x5d; // ]
  return out.subarray(0, p);
}

/** Whether every element is an integer-valued number (batches, subsets, indices): then join() is its JSON. */
function isIntArray(v: unknown[]): boolean {
  if (v.length === 0 || typeof v[0] !== 'number') return false;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== 'number' || !Number.isSafeInteger(x) || Object.is(x, -0)) return false;
  }
  return true;
}

/** A JSON number for a plain (integer) number. */
function num(v: number): string {
  return Number.isFinite(v) ? String(v) : 'null';
}

/**
 * A float with the shortest digits that round-trip (the digits of Python's `repr(float(x))`), written the
 * way JavaScript writes numbers plus a '.0' on integers: `1e16` is `10000000000000000.0` and `1e-5` is
 * `0.00001` where Python prints `1e+16` and `1e-05`; the same values. NaN and infinities become null.
 */
export function floatText(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  if (!Number.isFinite(x)) return 'null';
  const s = String(x);
  return Number.isInteger(x) && !s.includes('e') ? `${s}.0` : s;
}

/** Serialises an engine result to a JSON Buffer. */
export function toJsonBuffer(v: unknown): Buffer {
  return new JsonWriter().value(v).toBuffer();
}

/** Serialises an engine result chunk by chunk into `sink` (the same bytes as toJsonBuffer, never held whole). */
export function writeJsonChunks(v: unknown, sink: (chunk: Buffer) => void): void {
  new JsonWriter(sink).value(v).toChunks();
}

/**
 * Answers at least this big (estimated bytes, work model) computed on the pool are streamed to the
 * client as the worker writes them, and not cached (they would take most of the cache, and Redis
 * refuses values past 512 MB); smaller ones are computed whole, cached and shared (single flight).
 */
/** Values the native formatter writes per call (nativeFloats): about 1.5 MB of text. */
const NATIVE_SLICE = 65536;

export const STREAMED_JSON_BYTES = 32 * 1024 * 1024;

/** Bytes a streaming worker writes ahead of its client at most (worker.ts waits past them), with a chunk's slack. */
export const STREAM_AHEAD_BYTES = 8 * 1024 * 1024;

/**
 * What a streamed answer holds in memory while it is sent, for the MAX_INFLIGHT_BYTES budget: the
 * engine's values (`held` bytes: a tensor's typed array, an epoch's permutation) and the chunks
 * written ahead, not the whole answer.
 */
export function streamedBytes(held: number): number {
  return held + 2 * STREAM_AHEAD_BYTES;
}
