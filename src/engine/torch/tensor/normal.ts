import { unit53, type Generator } from '../generator/generator.js';
import { checkpoint } from '../../cancel.js';
import { fma32, fma64 } from '../../libm/fma.js';
import { normalBlock16Avx2 } from './avx2/avxMathfun.js';
import { normalBlocksWasm } from './avx2/normalWasm.js';
import { nativeNormalKernel } from './avx2/nativeKernel.js';

/** Elements from which the float32 AVX2 blocks run in WebAssembly. */
const WASM_MIN = 256;
import { log } from '../../libm/log.js';
import { log1p } from '../../libm/log1p.js';
import { cos, sin } from '../../libm/sin.js';
import { logf } from '../../libm/logf.js';
import { cosf, sinf } from '../../libm/sinf.js';
import { checkNormalArgs } from './checks.js';
import { floatStorage, makeTensor, type CpuKernel, type FloatDType, type FloatStorage, type HalfDType, type Tensor } from './tensor.js';
import { fillUniformFloat32 } from './uniform.js';
import { WORDS, wordBuffer } from './words.js';
import { halfRounder, halfUnit } from './half.js';

/** c10::pi<double> */
const PI = 3.141592653589793;
/** `2.0f * c10::pi<double>` of the generic block: 2*pi in double. */
const TWO_PI = 2 * PI;
/** torch's vectorised fill works in blocks of 16 (8 Box-Muller pairs j, j + 8). */
const BLOCK = 16;

/**
 * One scalar-path normal: `at::normal_distribution<double>(mean, std)(generator)`, using and refilling
 * the generator's cached second Box-Muller value.
 *
 * aten/src/ATen/core/DistributionsHelper.h@v1.13.1 normal_distribution::operator():
 * `if (auto cached = maybe_get_next_double_normal_sample(generator)) { return transformation::normal(*cached, mean, stdv); }`
 * `at::uniform_real_distribution<T> uniform(0.0, 1.0); const dist_acctype<T> u1 = uniform(generator); const dist_acctype<T> u2 = uniform(generator);`
 * `const dist_acctype<T> r = ::sqrt(static_cast<T>(-2.0) * ::log(static_cast<T>(1.0)-u2));`
 * `const dist_acctype<T> theta = static_cast<T>(2.0) * c10::pi<T> * u1;`
 * `maybe_set_next_double_normal_sample(generator, r * ::sin(theta)); ret = r * ::cos(theta);`
 * `return transformation::normal(ret, mean, stdv)` = ret * std + mean (fused on the AVX2 kernel).
 * torch 1.13 uses log(1 - u2); later versions use log1p(-u2).
 */
export function scalarNormal(g: Generator, mean: number, std: number, kernel: CpuKernel): number {
  let v: number;
  if (g.nextDoubleNormal !== null) {
    v = g.nextDoubleNormal;
    g.nextDoubleNormal = null;
  } else {
    const u1 = g.uniform53();
    const u2 = g.uniform53();
    // 2.x (profile scalarNormalLog1p): DistributionsHelper.h@v2.13.0 `::sqrt(static_cast<T>(-2.0) * ::log1p(-u2))`
    const r = Math.sqrt(-2.0 * (g.profile.scalarNormalLog1p ? log1p(-u2) : log(1.0 - u2)));
    const theta = 2.0 * PI * u1;
    g.nextDoubleNormal = r * sin(theta);
    v = r * cos(theta);
  }
  return kernel === 'default' ? v * std + mean : fma64(v, std, mean);
}

/**
 * Generic `normal_fill_16<float>` of the `default` kernel (compiled without FMA), with glibc's float functions:
 * `const scalar_t radius = std::sqrt(-2 * std::log(u1)); const scalar_t theta = 2.0f * c10::pi<double> * u2;`
 * `data[j] = radius * std::cos(theta) * std + mean;`
 */
function block16Float32Default(data: Float32Array, i: number, mean: number, std: number): void {
  for (let j = i; j < i + 8; j++) {
    const u1 = Math.fround(1 - data[j]!);
    const u2 = data[j + 8]!;
    const radius = Math.fround(Math.sqrt(Math.fround(-2 * logf(u1))));
    const theta = Math.fround(TWO_PI * u2);
    data[j] = Math.fround(Math.fround(Math.fround(radius * cosf(theta)) * std) + mean);
    data[j + 8] = Math.fround(Math.fround(Math.fround(radius * sinf(theta)) * std) + mean);
  }
}

/**
 * 2.x's generic `NormalFill16<float>` (profile defaultKernelNormalFma):
 * aten/src/ATen/native/cpu/DistributionTemplates.h@v2.13.0 `data[j] = std::fma(radius * std::cos(theta), std_, mean_);`
 */
function block16Float32DefaultFma(data: Float32Array, i: number, mean: number, std: number): void {
  for (let j = i; j < i + 8; j++) {
    const u1 = Math.fround(1 - data[j]!);
    const u2 = data[j + 8]!;
    const radius = Math.fround(Math.sqrt(Math.fround(-2 * logf(u1))));
    const theta = Math.fround(TWO_PI * u2);
    data[j] = fma32(Math.fround(radius * cosf(theta)), std, mean);
    data[j + 8] = fma32(Math.fround(radius * sinf(theta)), std, mean);
  }
}

/** Generic `normal_fill_16<double>`: glibc's double log/sin/cos; `* std + mean` fused on the AVX2 kernel. */
function block16Float64(data: Float64Array, i: number, mean: number, std: number, fused: boolean): void {
  for (let j = i; j < i + 8; j++) {
    const u1 = 1 - data[j]!;
    const u2 = data[j + 8]!;
    const radius = Math.sqrt(-2 * log(u1));
    const theta = TWO_PI * u2;
    const c = radius * cos(theta);
    const s = radius * sin(theta);
    data[j] = fused ? fma64(c, std, mean) : c * std + mean;
    data[j + 8] = fused ? fma64(s, std, mean) : s * std + mean;
  }
}


/**
 * n float32 uniforms k * 2^-24 (`uniform_real_distribution<float>(0, 1)`, one word each) into data[from ..]:
 * `uniform_(0, 1)`'s kernel (x * 1 + 0 is x on every path).
 */
function fillUnit32(g: Generator, data: Float32Array, from: number, n: number): void {
  // in slices, with a cancellation checkpoint between them (the kernel runs a slice in one WebAssembly call)
  for (let start = 0; start < n; start += UNIT_SLICE) {
    checkpoint();
    const end = Math.min(n, start + UNIT_SLICE);
    fillUniformFloat32(g, data.subarray(from + start, from + end), 0, 1);
  }
}

/** Uniforms drawn between two checkpoints of fillUnit32. */
const UNIT_SLICE = 1 << 20;

/** n float64 uniforms (two words each, the first the high half) into data[from ..]. */
function fillUnit64(g: Generator, data: Float64Array, from: number, n: number): void {
  const words = wordBuffer();
  const half = WORDS / 2;
  for (let start = 0; start < n; start += half) {
    checkpoint();
    const m = Math.min(half, n - start);
    g.fillInt32(words, 2 * m);
    const o = from + start;
    for (let i = 0; i < m; i++) data[o + i] = unit53(words[2 * i]!, words[2 * i + 1]! >>> 0);
  }
}

/**
 * Fills a contiguous float32 buffer as torch 1.13's `normal_(mean, std)` does on the CPU.
 *
 * Fewer than 16 elements: the scalar double path with the generator's cached Box-Muller value.
 * Otherwise the vectorised fill: all uniforms first, blocks of 16 transformed in place, and when
 * n % 16 != 0 the last 16 elements redrawn and transformed again (normal_fill_AVX2 / normal_fill).
 * @example
 * const out = new Float32Array(2); fillNormalFloat32(new Generator(0n), out, 0, 1, 'avx2');
 * // out = [1.5409960746765137, -0.293428897857666], as torch.manual_seed(0); torch.randn(2)
 */
export function fillNormalFloat32(g: Generator, out: Float32Array, mean: number, std: number, kernel: CpuKernel): void {
  const n = out.length;
  if (n < BLOCK) {
    // cpu_serial_kernel(iter, [mean, std, generator]() -> scalar_t { return static_cast<scalar_t>(normal(generator)); })
    for (let i = 0; i < n; i++) out[i] = scalarNormal(g, mean, std, kernel);
    return;
  }
  // normal_fill_AVX2(self, static_cast<float>(mean), static_cast<float>(std), generator)
  const m = Math.fround(mean);
  const s = Math.fround(std);
  const block = kernel !== 'default' ? normalBlock16Avx2 : g.profile.defaultKernelNormalFma ? block16Float32DefaultFma : block16Float32Default;
  const full = n - (n % BLOCK);
  const native = kernel !== 'default' && full >= WASM_MIN ? nativeNormalKernel() : null;
  if (native !== null) {
    // the native kernel (native/normal_avx2.cc, installed by src/native/) turns the words into uniforms itself;
    // out[full ..) keeps raw words until the tail below redraws the last 16
    g.fillInt32(new Int32Array(out.buffer, out.byteOffset, n), n);
    native.normalBlocks(out, 0, full, m, s, true);
  } else {
    fillUnit32(g, out, 0, n);
    // the AVX2 blocks run in WebAssembly (src/engine/torch/tensor/avx2/assembly/normal.ts, the twin of normalBlock16Avx2) when available
    if (!(kernel !== 'default' && full >= WASM_MIN && normalBlocksWasm(out, 0, full, m, s))) {
      for (let i = 0; i + BLOCK <= n; i += BLOCK) block(out, i, m, s);
    }
  }
  if (n % BLOCK !== 0) {
    // Recompute the last 16 values.
    fillUnit32(g, out, n - BLOCK, BLOCK);
    block(out, n - BLOCK, m, s);
  }
}

/**
 * Fills a contiguous float64 buffer as torch 1.13's `normal_(mean, std)` does on the CPU
 * (scalar path below 16 elements, generic vectorised `normal_fill<double>` otherwise).
 * @example
 * const out = new Float64Array(2); fillNormalFloat64(new Generator(0n), out, 0, 1, 'avx2');
 * // out = [1.5409961716303336, -0.2934289008324625]... as torch.randn(2, dtype=torch.float64)
 */
export function fillNormalFloat64(g: Generator, out: Float64Array, mean: number, std: number, kernel: CpuKernel): void {
  const n = out.length;
  if (n < BLOCK) {
    for (let i = 0; i < n; i++) out[i] = scalarNormal(g, mean, std, kernel);
    return;
  }
  fillUnit64(g, out, 0, n);
  // AVX2 builds contract `* std + mean`; 2.x's generic block calls std::fma (profile defaultKernelNormalFma)
  const fused = kernel !== 'default' || g.profile.defaultKernelNormalFma;
  for (let i = 0; i + BLOCK <= n; i += BLOCK) block16Float64(out, i, mean, std, fused);
  if (n % BLOCK !== 0) {
    fillUnit64(g, out, n - BLOCK, BLOCK);
    block16Float64(out, n - BLOCK, mean, std, fused);
  }
}

/**
 * Fills a float16/bfloat16 tensor (held widened) as `normal_(mean, std)` does on the CPU.
 *
 * Below 16 elements both versions take the scalar path: `static_cast<scalar_t>(normal(generator))` of the double
 * normal (through float, then the half type).
 * 2.x (profile halfViaFloat32): aten/src/ATen/native/cpu/DistributionTemplates.h@v2.13.0 normal_fill:
 * `// bf16/fp16: generate in opmath_t precision using a stack buffer, apply Box-Muller, then cast down to scalar_t.`
 * `for (i = 0; i < size - 15; i += 16) { for j: buf[j] = uniform(generator); normal_fill_16(buf); data[i + j] = static_cast<scalar_t>(buf[j]); }`
 * then the last 16 from 16 fresh uniforms: the float32 blocks (AVX2 or generic) on 16-value buffers.
 * 1.13: `normal_fill<scalar_t>`: every element's uniform in the half type first (`uniform_real_distribution<scalar_t>`,
 * 11 or 8 bits of one word), then `normal_fill_16<scalar_t>` in the half type's own arithmetic.
 */
export function fillNormalHalf(g: Generator, out: Float32Array, mean: number, std: number, dtype: HalfDType, kernel: CpuKernel): void {
  const R = halfRounder(dtype);
  const n = out.length;
  if (n < BLOCK) {
    for (let i = 0; i < n; i++) out[i] = R(Math.fround(scalarNormal(g, mean, std, kernel)));
    return;
  }
  if (g.profile.halfViaFloat32) {
    const m = Math.fround(mean);
    const s = Math.fround(std);
    const block = kernel !== 'default' ? normalBlock16Avx2 : g.profile.defaultKernelNormalFma ? block16Float32DefaultFma : block16Float32Default;
    const buf = new Float32Array(BLOCK);
    const run = (at: number): void => {
      fillUnit32(g, buf, 0, BLOCK);
      block(buf, 0, m, s);
      for (let j = 0; j < BLOCK; j++) out[at + j] = R(buf[j]!);
    };
    for (let i = 0; i + BLOCK <= n; i += BLOCK) run(i);
    if (n % BLOCK !== 0) run(n - BLOCK);
    return;
  }
  const unit = halfUnit(dtype);
  const mh = R(Math.fround(mean));
  const sh = R(Math.fround(std));
  const fused = kernel !== 'default';
  const fill = (from: number, count: number): void => {
    const words = new Int32Array(count);
    g.fillInt32(words, count);
    for (let i = 0; i < count; i++) out[from + i] = unit(words[i]!);
  };
  const block = (i: number): void => {
    for (let j = i; j < i + 8; j++) {
      const u1 = R(Math.fround(1 - out[j]!));
      const u2 = out[j + 8]!;
      const theta = R(Math.fround(TWO_PI * u2));
      if (dtype === 'bfloat16') {
        // c10/util/BFloat16-math.h: std::log/sqrt/cos/sin of a BFloat16 return a BFloat16; BFloat16 * BFloat16 is a BFloat16
        const radius = R(Math.fround(Math.sqrt(R(Math.fround(-2 * R(logf(u1)))))));
        out[j] = R(Math.fround(R(Math.fround(R(Math.fround(radius * R(cosf(theta)))) * sh)) + mh));
        out[j + 8] = R(Math.fround(R(Math.fround(R(Math.fround(radius * R(sinf(theta)))) * sh)) + mh));
      } else {
        // Half converts to float for std::log/sqrt/cos; Half * float and float + Half are float operations
        const radius = R(Math.fround(Math.sqrt(Math.fround(-2 * logf(u1)))));
        const c = Math.fround(radius * cosf(theta));
        const sn = Math.fround(radius * sinf(theta));
        out[j] = R(fused ? fma32(c, sh, mh) : Math.fround(Math.fround(c * sh) + mh));
        out[j + 8] = R(fused ? fma32(sn, sh, mh) : Math.fround(Math.fround(sn * sh) + mh));
      }
    }
  };
  fill(0, n);
  for (let i = 0; i + BLOCK <= n; i += BLOCK) block(i);
  if (n % BLOCK !== 0) {
    fill(n - BLOCK, BLOCK);
    block(n - BLOCK);
  }
}

/** `normal_(mean, std)` of a floating tensor's storage: the kernel of its dtype. */
export function fillNormal(g: Generator, s: FloatStorage, mean: number, std: number, kernel: CpuKernel): void {
  if (s.dtype === 'float64') fillNormalFloat64(g, s.data, mean, std, kernel);
  else if (s.dtype === 'float32') fillNormalFloat32(g, s.data, mean, std, kernel);
  else fillNormalHalf(g, s.data, mean, std, s.dtype, kernel);
}

/**
 * `torch.empty(size, dtype).normal_(mean, std)` (and `torch.randn(size)` with 0, 1) on the CPU.
 * @example normal(new Generator(0n), [2], 0, 1, 'float32', 'avx2').data // [1.5409960746765137, -0.293428897857666]
 */
export function normal(
  g: Generator,
  size: number[],
  mean = 0,
  std = 1,
  dtype: FloatDType = 'float32',
  kernel: CpuKernel = 'avx2',
): Tensor {
  checkNormalArgs(std, dtype);
  const t = makeTensor(size, dtype);
  fillNormal(g, floatStorage(t), mean, std, kernel);
  return t;
}
