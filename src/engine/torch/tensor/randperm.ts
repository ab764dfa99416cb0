import type { Generator } from '../generator/generator.js';
import { checkpoint } from '../../cancel.js';
import { TorchError } from '../../errors.js';
import { notImplemented } from './checks.js';
import { roundBFloat16 } from './half.js';
import { allocate, makeTensor, type DType, type Tensor } from './tensor.js';
import { WORDS, wordBuffer } from './words.js';

/** C++ names in `c10::checked_convert`'s overflow message. */
const CHECKED_NAMES: Partial<Record<DType, [string, number]>> = {
  int32: ['int32_t', 2147483647],
  int16: ['int16_t', 32767],
  int8: ['int8_t', 127],
  uint8: ['uint8_t', 255],
};

/**
 * torch 1.13's checks in randperm_out_cpu (TensorFactories.cpp@v1.13.1):
 * `check_supported_max_int_with_precision(n, result)` = `at::scalar_tensor(n > 0 ? n - 1 : n, options)`
 * (overflow check of the largest value), then
 * `TORCH_CHECK(n <= (int64_t(1) << 24) + 1, "n cannot be greater than 2^24+1 for Float type.");`
 * (2049 for Half, 2^53+1 for Double; none for BFloat16), then the dtype dispatch (`"randperm" not implemented for 'Bool'`).
 */
export function checkRandpermArgs(n: number, dtype: DType): void {
  if (!Number.isSafeInteger(n)) throw new TorchError('n must be an integer', 'TypeError', 'n');
  if (n < 0) throw new TorchError(`Trying to create tensor with negative dimension ${n}: [${n}]`, 'RuntimeError', 'n');
  const limit = CHECKED_NAMES[dtype];
  if (limit && (n > 0 ? n - 1 : n) > limit[1]) {
    throw new TorchError(`value cannot be converted to type ${limit[0]} without overflow`, 'RuntimeError', 'n');
  }
  if (dtype === 'float16' && n > 2049) throw new TorchError('n cannot be greater than 2049 for Half type.', 'RuntimeError', 'n');
  if (dtype === 'float32' && n > 16777217) throw new TorchError('n cannot be greater than 2^24+1 for Float type.', 'RuntimeError', 'n');
  if (dtype === 'float64' && n > 9007199254740993) throw new TorchError('n cannot be greater than 2^53+1 for Double type.', 'RuntimeError', 'n');
  if (dtype === 'bool') throw notImplemented('randperm', dtype);
}

/**
 * `torch.randperm(n, dtype=dtype)` in torch 1.13: the identity, then for i = 0 .. n-2 a swap of
 * element i with element i + random() % (n - i). n - 1 words.
 *
 * TensorFactories.cpp@v1.13.1 randperm_cpu:
 * `for(int64_t i = 0; i < n - 1; i++) { int64_t z = generator->random() % (n-i); scalar_t sav = r__data[i*r__stride_0];`
 * `r__data[i*r__stride_0] = r__data[(z+i)*r__stride_0]; r__data[(z+i)*r__stride_0] = sav; }`
 * The shuffle itself is `randperm`; this adds torch's dtype checks.
 * @example randpermTensor(new Generator(0n), 4, 'int64').data // [0, 1, 3, 2], as torch.manual_seed(0); torch.randperm(4)
 */
export function randpermTensor(g: Generator, n: number, dtype: DType = 'int64'): Tensor {
  checkRandpermArgs(n, dtype);
  const t = randperm(g, n, dtype);
  // `r__data[i] = i` stores each index as scalar_t: bfloat16 rounds those above 256 (float16 is exact up to 2049)
  if (dtype === 'bfloat16' && t.data instanceof Float32Array) {
    const d = t.data;
    for (let i = 0; i < d.length; i++) d[i] = roundBFloat16(d[i]!);
  }
  return t;
}

/**
 * `torch.randperm(n)` in torch 1.13: Fisher-Yates from the front with `random() % (n - i)`.
 *
 * aten/src/ATen/native/TensorFactories.cpp@v1.13.1 randperm_cpu:
 * `for (int64_t i = 0; i < n - 1; i++) { int64_t z = generator->random() % (n - i); swap(r[i], r[z+i]) }`
 * @example randperm(new Generator(0n), 4) // [0, 1, 3, 2], as torch.manual_seed(0); torch.randperm(4)
 */
export function randperm(g: Generator, n: number, dtype: DType = 'int64'): Tensor {
  // int64 indices below 2^31 are stored as int32: half the memory traffic of the shuffle
  const data = dtype === 'int64' && n <= 0x7fffffff ? new Int32Array(n) : allocate(dtype, n);
  fillRandperm(g, data);
  return makeTensor([n], dtype, data);
}

/** randperm's swap loop in native code (native/shuffle.cc: the same swaps, with prefetching), handed in from outside. */
export interface NativeSwapRun {
  /** For j < m, i = start + j: swap(a[i], a[i + z[j]]). */
  swapRun(a: Int32Array, z: Int32Array, start: number, m: number): void;
}
let nativeSwap: NativeSwapRun | null = null;

/** Installs (or, with null, removes) the native swap loop for this thread (src/native/index.ts does). */
export function setNativeSwapRun(k: NativeSwapRun | null): void {
  nativeSwap = k;
}

/**
 * randperm's shuffle on an Int32Array (one monomorphic loop): a[i] = i, then for i < n - 1
 * `z = random() % (n - i); swap(a[i], a[i + z])` (aten/src/ATen/native/TensorFactories.cpp@v1.13.1 randperm_cpu).
 */
function shuffle32(g: Generator, a: Int32Array): void {
  const n = a.length;
  for (let i = 0; i < n; i++) a[i] = i;
  const words = wordBuffer();
  for (let start = 0; start < n - 1; start += WORDS) {
    checkpoint();
    const m = Math.min(WORDS, n - 1 - start);
    g.fillInt32(words, m);
    // words[j] becomes z = random() % (n - i): a double division is exact enough here (x < 2^32, the
    // quotient's fraction stays 1/m away from the next integer) and far cheaper than the double `%`; corrected anyway
    for (let j = 0; j < m; j++) {
      const x = words[j]! >>> 0;
      const k = n - start - j;
      let z = x - Math.floor(x / k) * k;
      if (z >= k) z -= k;
      else if (z < 0) z += k;
      words[j] = z;
    }
    if (nativeSwap !== null && m >= 1024) {
      nativeSwap.swapRun(a, words, start, m);
      continue;
    }
    for (let j = 0; j < m; j++) {
      const i = start + j;
      const p = i + words[j]!;
      const t = a[i]!;
      a[i] = a[p]!;
      a[p] = t;
    }
  }
}

/** In-place randperm into any numeric array of length n < 2^31 (shuffled as int32, then copied). */
export function fillRandperm(g: Generator, a: { length: number; [i: number]: number }): void {
  if (a instanceof Int32Array) return shuffle32(g, a);
  const t = new Int32Array(a.length);
  shuffle32(g, t);
  for (let i = 0; i < t.length; i++) a[i] = t[i]!;
}
