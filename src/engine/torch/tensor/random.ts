import type { Generator } from '../generator/generator.js';
import { fma32, fma64, uniformSumIsExact } from '../../libm/fma.js';
import { allocate, makeTensor, type DType, type HalfDType, type Tensor } from './tensor.js';
import { halfRounder } from './half.js';

/**
 * Which of torch's x86-64 CPU kernels to follow. `avx2` (and `avx512`, which gives the same numbers) fuses
 * `x * (to - from) + from` into one FMA; `default` (no AVX2) rounds twice.
 */
export type CpuKernel = 'avx2' | 'avx512' | 'default';

/** = 2^-24 */
const TWO_POW_M24 = 5.960464477539063e-8;
/** = 2^-53 */
const TWO_POW_M53 = 1.1102230246251565e-16;
/** = 2^32 */
const TWO_POW_32 = 4294967296;

/**
 * Fills `out` with float32 `uniform_(from, to)` draws, one 32-bit word each.
 *
 * aten/src/ATen/core/TransformationHelper.h@v1.13.1 `uniform_real`:
 * `dist_acctype<T> x = (val & MASK) * DIVISOR; return (x * (to - from) + from);`
 * with MASK = 2^24 - 1 for float; GCC contracts it into an FMA in the AVX2 kernel.
 */
export function fillUniformFloat32(g: Generator, out: Float32Array, from: number, to: number, kernel: CpuKernel = 'avx2', rejectTo = true): void {
  const a = Math.fround(from);
  const b = Math.fround(to);
  const d = Math.fround(b - a);
  const n = out.length;
  const words = scratch();
  // x * d + a is exact in a double for most ranges, and then one fround is the fused result
  const mode = a === 0 && d === 1 ? 0 : kernel === 'default' ? 1 : uniformSumIsExact(d, a) ? 2 : 3;
  // long runs: the same arithmetic fused with the draws in WebAssembly (f64 ops, f32 demotion)
  if (!(mode !== 3 && g.fillUniform24(out, d, a, mode !== 1))) {
    for (let start = 0; start < n; start += SCRATCH) {
      const m = Math.min(SCRATCH, n - start);
      g.fillInt32(words, m);
      if (mode === 0) for (let i = 0; i < m; i++) out[start + i] = (words[i]! & 0xffffff) * TWO_POW_M24;
      else if (mode === 1) for (let i = 0; i < m; i++) out[start + i] = Math.fround(Math.fround((words[i]! & 0xffffff) * TWO_POW_M24 * d) + a);
      else if (mode === 2) for (let i = 0; i < m; i++) out[start + i] = (words[i]! & 0xffffff) * TWO_POW_M24 * d + a;
      else for (let i = 0; i < m; i++) out[start + i] = fma32((words[i]! & 0xffffff) * TWO_POW_M24, d, a);
    }
  }
  // rand() (x < 1 exactly) never reaches `to`; other ranges may round up to it
  if (rejectTo && mode !== 0 && g.profile.uniformRejectsTo) replaceTo(out, b, a);
}

/**
 * 2.x: aten/src/ATen/native/cpu/DistributionTemplates.h@v2.13.0 uniform_kernel:
 * `auto value = static_cast<scalar_t>(uniform(generator)); return value == to_scalar ? from_scalar : value;`
 */
function replaceTo(out: Float32Array | Float64Array, to: number, from: number): void {
  const n = out.length;
  for (let i = 0; i < n; i++) if (out[i] === to) out[i] = from;
}

/** Words drawn per bulk call of the float kernels. */
const SCRATCH = 8192;
let scratchBuf: Int32Array | null = null;
/** A reusable buffer for bulk draws (the engine is synchronous, so one per thread suffices). */
function scratch(): Int32Array {
  scratchBuf ??= new Int32Array(SCRATCH);
  return scratchBuf;
}

/**
 * Fills `out` with float64 `uniform_(from, to)` draws, two 32-bit words (one random64) each:
 * x = (random64() & (2^53 - 1)) * 2^-53, result = fma(x, to - from, from) (AVX2) or two roundings (default).
 */
export function fillUniformFloat64(g: Generator, out: Float64Array, from: number, to: number, kernel: CpuKernel = 'avx2'): void {
  const d = to - from;
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const hi = g.random();
    const lo = g.random();
    const x = ((hi & 0x1fffff) * TWO_POW_32 + lo) * TWO_POW_M53;
    out[i] = kernel === 'default' ? x * d + from : fma64(x, d, from);
  }
  if (!(from === 0 && to === 1) && g.profile.uniformRejectsTo) replaceTo(out, to, from);
}

/**
 * Fills `out` (a float16/bfloat16 tensor held widened) with `uniform_(from, to)` draws, one word each.
 *
 * 2.x (profile halfViaFloat32): aten/src/ATen/native/cpu/DistributionTemplates.h@v2.13.0 uniform_kernel:
 * `auto from = static_cast<opmath_t>(from_); ... at::uniform_real_distribution<opmath_t> uniform(from, to);`
 * `auto value = static_cast<scalar_t>(uniform(generator)); return value == to_scalar ? from_scalar : value;`
 * (the float32 draw, one rounding to the half type).
 * 1.13: `auto from = static_cast<scalar_t>(from_); ... at::uniform_real_distribution<scalar_t> uniform(from, to);`
 * TransformationHelper.h `uniform_real`: `MASK = (1 << digits) - 1` (11 bits for Half, 8 for BFloat16),
 * `x = (val & MASK) * DIVISOR; return (x * (to - from) + from);` with `to - from` a Half/BFloat16 difference.
 */
export function fillUniformHalf(g: Generator, out: Float32Array, from: number, to: number, dtype: HalfDType, kernel: CpuKernel): void {
  const R = halfRounder(dtype);
  const n = out.length;
  const fromH = R(Math.fround(from));
  const toH = R(Math.fround(to));
  if (g.profile.halfViaFloat32) {
    fillUniformFloat32(g, out, from, to, kernel, false);
    for (let i = 0; i < n; i++) {
      const v = R(out[i]!);
      out[i] = v === toH ? fromH : v;
    }
    return;
  }
  const digits = dtype === 'float16' ? 11 : 8;
  const mask = (1 << digits) - 1;
  const div = 2 ** -digits;
  const d = R(Math.fround(toH - fromH));
  const fused = kernel !== 'default';
  const words = scratch();
  for (let start = 0; start < n; start += SCRATCH) {
    const m = Math.min(SCRATCH, n - start);
    g.fillInt32(words, m);
    for (let i = 0; i < m; i++) {
      const x = (words[i]! & mask) * div;
      out[start + i] = R(fused ? fma32(x, d, fromH) : Math.fround(Math.fround(x * d) + fromH));
    }
  }
}

/** Formats a double as C++'s `std::ostream << double` does in torch messages (%g, 6 digits). */
export function pyFloat(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
  let s = v.toPrecision(6);
  if (s.includes('e')) {
    const [m, e] = s.split('e') as [string, string];
    const mm = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    const sign = e.startsWith('-') ? '-' : '+';
    const digits = e.replace(/^[+-]/, '').padStart(2, '0');
    return `${mm}e${sign}${digits}`;
  }
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}

/**
 * `torch.randperm(n)` in torch 1.13: Fisher-Yates from the front with `random() % (n - i)`.
 *
 * aten/src/ATen/native/TensorFactories.cpp@v1.13.1 randperm_cpu:
 * `for (int64_t i = 0; i < n - 1; i++) { int64_t z = generator->random() % (n - i); swap(r[i], r[z+i]) }`
 * @example randperm(new Generator(0n), 4) // [2, 0, 1, 3]
 */
export function randperm(g: Generator, n: number, dtype: DType = 'int64'): Tensor {
  // int64 indices below 2^31 are stored as int32: half the memory traffic of the shuffle
  const data = dtype === 'int64' && n <= 0x7fffffff ? new Int32Array(n) : allocate(dtype, n);
  fillRandperm(g, data as Float64Array);
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
  const words = scratch();
  for (let start = 0; start < n - 1; start += SCRATCH) {
    const m = Math.min(SCRATCH, n - 1 - start);
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

/** `randint(high, (k,))` draws as a plain list, for RandomSampler with replacement (high < 2^32). */
export function randintList(g: Generator, high: number, k: number): number[] {
  const out = new Array<number>(k);
  for (let i = 0; i < k; i++) out[i] = g.random() % high;
  return out;
}
