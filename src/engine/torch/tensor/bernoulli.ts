import type { Generator } from '../generator/generator.js';
import { checkBernoulliP, checkSize } from './checks.js';
import { TorchError } from '../../errors.js';
import { makeTensor, type DType, type Tensor, type TensorData } from './tensor.js';

/**
 * Fills `out` as `t.bernoulli_(p)` with a float `p` does in torch builds without MKL: two words per
 * element, 1 where the double uniform is below p.
 *
 * aten/src/ATen/native/cpu/DistributionTemplates.h@v1.13.1 bernoulli_kernel(self, double p, generator):
 * `at::bernoulli_distribution<double> bernoulli(p); return static_cast<scalar_t>(bernoulli(generator));`
 * with DistributionsHelper.h `transformation::bernoulli<T>(uniform(generator), p)` = `uniform < p`.
 */
export function fillBernoulli(g: Generator, out: TensorData, p: number): void {
  const n = out.length;
  if (out instanceof BigInt64Array) {
    for (let i = 0; i < n; i++) out[i] = g.uniform53() < p ? 1n : 0n;
    return;
  }
  for (let i = 0; i < n; i++) out[i] = g.uniform53() < p ? 1 : 0;
}

/**
 * `torch.empty(size, dtype=dtype).bernoulli_(p)` (non-MKL kernel), any dtype the engine has.
 * @example bernoulli(new Generator(0n), [4], 0.5, 'float32').data // as torch.manual_seed(0); torch.empty(4).bernoulli_(0.5)
 */
export function bernoulli(g: Generator, size: number[], p: number, dtype: DType = 'float32'): Tensor {
  checkSize(size);
  checkBernoulliP(p);
  // 1.13: bernoulli_scalar_cpu_ dispatches AT_DISPATCH_ALL_TYPES_AND2(Bool, BFloat16, ...): no Half
  // (2.x: aten/src/ATen/native/cpu/DistributionTemplates.h@v2.13.0 `AT_DISPATCH_ALL_TYPES_AND3(Bool, BFloat16, Half, ...)`)
  if (dtype === 'float16' && !g.profile.halfViaFloat32) throw new TorchError(`"bernoulli_scalar_cpu_" not implemented for 'Half'`, 'RuntimeError', 'dtype');
  const t = makeTensor(size, dtype);
  fillBernoulli(g, t.data, p);
  return t;
}
