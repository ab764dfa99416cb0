import type { Generator } from '../generator/generator.js';
import { TorchError } from '../errors.js';
import { randint, randperm, uniform, type CpuKernel } from './random.js';
import type { DType, Tensor } from './tensor.js';

/** A `/v1/tensors` request without its seed (interim version: uniform family, randint, randperm). */
export interface TensorOpRequest {
  op: 'rand' | 'randn' | 'randint' | 'randperm' | 'normal' | 'uniform' | 'bernoulli';
  size?: number[];
  dtype?: DType;
  low?: string | bigint | number;
  high?: string | bigint | number;
  n?: number;
  mean?: number;
  std?: number;
  from?: number;
  to?: number;
  p?: number;
}

/** Runs one tensor factory op on `g` as torch would. */
export function tensorOp(g: Generator, r: TensorOpRequest, kernel: CpuKernel = 'avx2'): Tensor {
  switch (r.op) {
    case 'rand':
      return uniform(g, r.size ?? [], 0, 1, (r.dtype ?? 'float32') as 'float32' | 'float64', kernel);
    case 'uniform':
      return uniform(g, r.size ?? [], r.from ?? 0, r.to ?? 1, (r.dtype ?? 'float32') as 'float32' | 'float64', kernel);
    case 'randint':
      return randint(g, BigInt(r.low ?? 0), BigInt(r.high!), r.size ?? []);
    case 'randperm':
      return randperm(g, r.n ?? 0, r.dtype ?? 'int64');
    default:
      throw new TorchError(`op ${r.op} is not available yet`, 'NotImplementedError', 'op');
  }
}
