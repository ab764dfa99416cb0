/** The dtypes the engine produces, named as torch names them. */
export type DType = 'float32' | 'float64' | 'float16' | 'bfloat16' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';

/** The floating-point dtypes. */
export type FloatDType = 'float32' | 'float64' | HalfDType;

/**
 * Which of torch's x86-64 CPU kernels to follow. `avx2` (and `avx512`, which gives the same numbers) fuses
 * `x * (to - from) + from` into one FMA; `default` (no AVX2) rounds twice.
 */
export type CpuKernel = 'avx2' | 'avx512' | 'default';

/** The half-precision dtypes (held widened in a Float32Array). */
export type HalfDType = 'float16' | 'bfloat16';

/** Whether a dtype is float16 or bfloat16. */
export function isHalf(dtype: DType): dtype is HalfDType {
  return dtype === 'float16' || dtype === 'bfloat16';
}

/** Storage of a tensor's elements in row-major order. int64 values beyond 2^53 use BigInt64Array. */
export type TensorData = NumberData | BigInt64Array;

/** Storage of numbers (every storage type but int64's BigInt64Array). */
export type NumberData = Float32Array | Float64Array | Int32Array | Int16Array | Int8Array | Uint8Array;

/** A dense, contiguous tensor: torch's `Tensor` reduced to what the service returns. */
export interface Tensor {
  shape: number[];
  dtype: DType;
  data: TensorData;
}

/** Number of elements of a shape (1 for a 0-d tensor). */
export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** A floating tensor's storage, told by its dtype: float64 in a Float64Array, float32 and the half types in a Float32Array. */
export type FloatStorage = { dtype: 'float64'; data: Float64Array } | { dtype: 'float32' | HalfDType; data: Float32Array };

/**
 * The storage of a floating tensor, typed by its dtype (`switch (s.dtype)` then picks the kernel).
 * @throws TypeError for a tensor of another dtype, or one whose storage does not match its dtype.
 * @example floatStorage(makeTensor([2], 'float64')).data // Float64Array [0, 0]
 */
export function floatStorage(t: Tensor): FloatStorage {
  const { dtype, data } = t;
  if (dtype === 'float64' && data instanceof Float64Array) return { dtype, data };
  if ((dtype === 'float32' || isHalf(dtype)) && data instanceof Float32Array) return { dtype, data };
  throw new TypeError(`a ${dtype} tensor with ${data.constructor.name} storage is not a floating tensor`);
}

/** Builds a tensor; `data` defaults to zeros of the right storage type. */
export function makeTensor(shape: number[], dtype: DType, data?: TensorData): Tensor {
  return { shape, dtype, data: data ?? allocate(dtype, numel(shape)) };
}

/** Zero-filled storage for `n` elements of `dtype` (int64 stored as exact doubles). */
export function allocate(dtype: DType, n: number): NumberData {
  switch (dtype) {
    case 'float32':
    case 'float16':
    case 'bfloat16':
      return new Float32Array(n);
    case 'float64':
    case 'int64':
      return new Float64Array(n);
    case 'int32':
      return new Int32Array(n);
    case 'int16':
      return new Int16Array(n);
    case 'int8':
      return new Int8Array(n);
    case 'uint8':
    case 'bool':
      return new Uint8Array(n);
  }
}

/**
 * `tensor.tolist()`: nested arrays of numbers (bigint for int64 values beyond 2^53, booleans for bool).
 * A 0-d tensor gives a bare scalar.
 */
export function toList(t: Tensor): unknown {
  const { shape, data, dtype } = t;
  const conv = dtype === 'bool' ? (v: number | bigint) => v !== 0 : (v: number | bigint) => v;
  if (shape.length === 0) return conv(data[0]!);
  let offset = 0;
  const build = (dim: number): unknown[] => {
    const n = shape[dim]!;
    const out = new Array<unknown>(n);
    if (dim === shape.length - 1) {
      for (let i = 0; i < n; i++) out[i] = conv(data[offset++]!);
    } else {
      for (let i = 0; i < n; i++) out[i] = build(dim + 1);
    }
    return out;
  };
  return build(0);
}
