import type { Generator } from '../generator/generator.js';
import { LimitError, TorchError } from '../../errors.js';
import { bernoulli } from './bernoulli.js';
import { checkNormalArgs, checkNormalStd, checkSize } from './checks.js';
import { normal } from './normal.js';
import { randintTensor } from './randint.js';
import { randpermTensor } from './randperm.js';
import { makeTensor, numel, type CpuKernel, type DType, type Tensor } from './tensor.js';
import { uniformTensor } from './uniform.js';

/** The tensor factories of `POST /v1/tensors`. */
export type TensorOpName = 'rand' | 'randn' | 'randint' | 'randperm' | 'normal' | 'uniform' | 'bernoulli';

/** One `/v1/tensors` request (or script step) without its seed; field names are torch's keyword arguments. */
export interface TensorOpRequest {
  op: TensorOpName;
  /** Shape (every op but randperm). */
  size?: number[];
  /** torch dtype name; float32 for the float ops, int64 for randint and randperm. */
  dtype?: DType;
  /** randint: inclusive lower bound (default 0); a decimal string, bigint or safe integer. */
  low?: string | bigint | number;
  /** randint: exclusive upper bound. */
  high?: string | bigint | number;
  /** randperm: number of elements. */
  n?: number;
  /** normal: mean (default 0) and standard deviation (default 1). */
  mean?: number;
  std?: number;
  /** uniform: the range [from, to) (default 0, 1). */
  from?: number;
  to?: number;
  /** bernoulli: probability of a 1. */
  p?: number;
}

/** Limits the caller enforces on the work (HTTP 413 when exceeded). */
export interface TensorLimits {
  /** Largest number of elements one tensor may have. */
  maxElements?: number;
}

/** Which request fields each op takes besides op/size/dtype. */
const FIELDS: Record<TensorOpName, readonly (keyof TensorOpRequest)[]> = {
  rand: ['size', 'dtype'],
  randn: ['size', 'dtype'],
  randint: ['size', 'dtype', 'low', 'high'],
  randperm: ['n', 'dtype'],
  normal: ['size', 'dtype', 'mean', 'std'],
  uniform: ['size', 'dtype', 'from', 'to'],
  bernoulli: ['size', 'dtype', 'p'],
};
const ALL_FIELDS: readonly (keyof TensorOpRequest)[] = ['size', 'dtype', 'low', 'high', 'n', 'mean', 'std', 'from', 'to', 'p'];

/** An integer argument as a BigInt (`low`/`high` may exceed 2^53). */
function toInt(v: string | bigint | number, field: string): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' ? Number.isSafeInteger(v) : /^-?[0-9]{1,40}$/.test(v)) return BigInt(v);
  throw new TorchError(`${field} must be an integer`, 'TypeError', field);
}

function required<T>(value: T | undefined, op: string, field: string): T {
  if (value === undefined) throw new TorchError(`${op}() missing required argument '${field}'`, 'TypeError', field);
  return value;
}

/**
 * Runs one tensor factory on the generator, as torch 1.13 does on the CPU after the same draws:
 * `rand`/`randn`/`randint`/`randperm` as torch's functions, `normal`/`uniform`/`bernoulli` as
 * `torch.empty(size, dtype=dtype).normal_(mean, std)` / `.uniform_(from, to)` / `.bernoulli_(p)`.
 * @throws TorchError (422) for a combination torch refuses, with torch's message;
 *   LimitError (413) when the tensor is larger than `limits.maxElements`.
 * @example tensorOp(new Generator(0n), { op: 'rand', size: [2] }, 'avx2').data // [0.49625658988952637, 0.7682217955589294]
 */
export function tensorOp(g: Generator, req: TensorOpRequest, kernel: CpuKernel = 'avx2', limits: TensorLimits = {}): Tensor {
  const { op } = req;
  const allowed = FIELDS[op];
  if (allowed === undefined) throw new TorchError(`unknown tensor op '${String(op)}'`, 'ValueError', 'op');
  for (const f of ALL_FIELDS) {
    if (req[f] !== undefined && !allowed.includes(f)) {
      throw new TorchError(`${op}() got an unexpected keyword argument '${f}'`, 'TypeError', f);
    }
  }
  const elements = op === 'randperm' ? required(req.n, op, 'n') : numel(required(req.size, op, 'size'));
  if (op !== 'randperm') checkSize(req.size!);
  if (limits.maxElements !== undefined && elements > limits.maxElements) {
    throw new LimitError('maxElements', limits.maxElements, elements);
  }
  switch (op) {
    case 'rand':
      return uniformTensor(g, req.size!, 0, 1, req.dtype ?? 'float32', kernel);
    case 'uniform':
      return uniformTensor(g, req.size!, req.from ?? 0, req.to ?? 1, req.dtype ?? 'float32', kernel);
    case 'randn':
    case 'normal': {
      const dtype = req.dtype ?? 'float32';
      const std = req.std ?? 1;
      if (elements === 0 && g.profile.normalEmptyReturnsEarly) {
        // 2.x: CHECK_NORMAL_STD(std); CHECK_EMPTY_AND_RETURN(self); before the kernel's dtype dispatch
        checkNormalStd(std);
        return makeTensor(req.size!, dtype);
      }
      checkNormalArgs(std, dtype);
      return normal(g, req.size!, req.mean ?? 0, std, dtype, kernel);
    }
    case 'randint':
      return randintTensor(g, toInt(req.low ?? 0n, 'low'), toInt(required(req.high, op, 'high'), 'high'), req.size!, req.dtype ?? 'int64');
    case 'randperm':
      return randpermTensor(g, req.n!, req.dtype ?? 'int64');
    case 'bernoulli':
      return bernoulli(g, req.size!, required(req.p, op, 'p'), req.dtype ?? 'float32');
  }
}
