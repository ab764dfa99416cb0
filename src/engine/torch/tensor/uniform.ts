import type { Generator } from '../generator/generator.js';
import { checkpoint } from '../../cancel.js';
import { fma32, fma64, uniformSumIsExact } from '../../libm/fma.js';
import { checkSize, checkUniformBounds } from './checks.js';
import { halfRounder, halfUnit } from './half.js';
import { floatStorage, makeTensor, type CpuKernel, type DType, type FloatStorage, type HalfDType, type Tensor } from './tensor.js';
import { WORDS, wordBuffer } from './words.js';

/** = 2^-24 */
const TWO_POW_M24 = 5.960464477539063e-8;

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
  const words = wordBuffer();
  // x * d + a is exact in a double for most ranges, and then one fround is the fused result
  const mode = a === 0 && d === 1 ? 0 : kernel === 'default' ? 1 : uniformSumIsExact(d, a) ? 2 : 3;
  // long runs: the same arithmetic fused with the draws in WebAssembly (f64 ops, f32 demotion)
  if (!(mode !== 3 && g.fillUniform24(out, d, a, mode !== 1))) {
    for (let start = 0; start < n; start += WORDS) {
      checkpoint();
      const m = Math.min(WORDS, n - start);
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

/**
 * Fills `out` with float64 `uniform_(from, to)` draws, two 32-bit words (one random64) each:
 * x = (random64() & (2^53 - 1)) * 2^-53, result = fma(x, to - from, from) (AVX2) or two roundings (default).
 */
export function fillUniformFloat64(g: Generator, out: Float64Array, from: number, to: number, kernel: CpuKernel = 'avx2'): void {
  const d = to - from;
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const x = g.uniform53();
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
  const unit = halfUnit(dtype);
  const d = R(Math.fround(toH - fromH));
  const fused = kernel !== 'default';
  const words = wordBuffer();
  for (let start = 0; start < n; start += WORDS) {
    const m = Math.min(WORDS, n - start);
    g.fillInt32(words, m);
    for (let i = 0; i < m; i++) {
      const x = unit(words[i]!);
      out[start + i] = R(fused ? fma32(x, d, fromH) : Math.fround(Math.fround(x * d) + fromH));
    }
  }
}

/** `uniform_(from, to)` of a floating tensor's storage: the kernel of its dtype. */
export function fillUniform(g: Generator, s: FloatStorage, from: number, to: number, kernel: CpuKernel): void {
  if (s.dtype === 'float64') fillUniformFloat64(g, s.data, from, to, kernel);
  else if (s.dtype === 'float32') fillUniformFloat32(g, s.data, from, to, kernel);
  else fillUniformHalf(g, s.data, from, to, s.dtype, kernel);
}

/**
 * `torch.empty(size, dtype=dtype).uniform_(from, to)`; `torch.rand(size)` is `from = 0, to = 1`.
 * float32 draws one word per element (low 24 bits), float64 two (low 53 bits of random64);
 * the `avx2` kernel rounds `x * (to - from) + from` once (FMA), the `default` kernel twice.
 * @example uniformTensor(new Generator(0n), [2], 0, 1, 'float32', 'avx2').data // [0.49625658988952637, 0.7682217955589294]
 */
export function uniformTensor(g: Generator, size: number[], from: number, to: number, dtype: DType, kernel: CpuKernel): Tensor {
  checkSize(size);
  checkUniformBounds(from, to, dtype);
  const t = makeTensor(size, dtype);
  fillUniform(g, floatStorage(t), from, to, kernel);
  return t;
}
