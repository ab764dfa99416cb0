import type { Generator } from '../generator/generator.js';
import { checkSize, checkUniformBounds } from './checks.js';
import { fillUniformFloat32, fillUniformFloat64, fillUniformHalf, type CpuKernel } from './random.js';
import { isHalf, makeTensor, type DType, type Tensor } from './tensor.js';

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
  if (isHalf(dtype)) fillUniformHalf(g, t.data as Float32Array, from, to, dtype, kernel);
  else if (dtype === 'float32') fillUniformFloat32(g, t.data as Float32Array, from, to, kernel);
  else fillUniformFloat64(g, t.data as Float64Array, from, to, kernel);
  return t;
}
