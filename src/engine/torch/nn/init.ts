import { logf } from '../../libm/logf.js';
import { warn } from '../../warnings.js';
import type { Generator } from '../generator/generator.js';
import { TorchError } from '../../errors.js';
import { fillRandperm } from '../tensor/randperm.js';
import { fillUniform } from '../tensor/uniform.js';
import { halfRounder } from '../tensor/half.js';
import { checkNormalArgs, checkUniformBounds } from '../tensor/checks.js';
import { fillNormal, fillNormalFloat32 } from '../tensor/normal.js';
import { floatStorage, isHalf, makeTensor, numel, type CpuKernel, type FloatDType, type Tensor } from '../tensor/tensor.js';
import { erfinvFloat32 } from './erfinv.js';
import { glibcErf } from '../../libm/erf.js';
import { orthonormalColumns } from './householder.js';

/** Options every drawing init function takes: the generator and the CPU kernel to follow. */
export interface InitContext {
  g: Generator;
  kernel: CpuKernel;
  /** dtype= of the parameters and buffers a module creates (torch's `factory_kwargs`); float32 when absent. */
  dtype?: FloatDType;
}

/** Python's `format(value)` for the few argument types an init error can name. */
function pyStr(v: unknown): string {
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v === null || v === undefined) return 'None';
  return String(v);
}

/**
 * `torch.nn.init.calculate_gain(nonlinearity, param)`.
 *
 * torch/nn/init.py@v1.13.1 calculate_gain. `param` matters for `leaky_relu` only, where it must be an
 * int or float (a bool is refused, as `isinstance(param, bool)` is checked first).
 * @example calculateGain('relu') // 1.4142135623730951
 * @example calculateGain('leaky_relu', Math.sqrt(5)) // 0.5773502691896257
 */
export function calculateGain(nonlinearity: string, param?: unknown): number {
  // linear_fns = ['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d']
  const linearFns = ['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d'];
  if (linearFns.includes(nonlinearity) || nonlinearity === 'sigmoid') return 1;
  if (nonlinearity === 'tanh') return 5.0 / 3;
  if (nonlinearity === 'relu') return Math.sqrt(2.0);
  if (nonlinearity === 'leaky_relu') {
    let slope: number;
    if (param === undefined || param === null) slope = 0.01;
    else if (typeof param === 'number') slope = param;
    else throw new TorchError(`negative_slope ${pyStr(param)} not a valid number`, 'ValueError');
    // return math.sqrt(2.0 / (1 + negative_slope ** 2))
    return Math.sqrt(2.0 / (1 + slope * slope));
  }
  if (nonlinearity === 'selu') return 3.0 / 4;
  throw new TorchError(`Unsupported nonlinearity ${nonlinearity}`, 'ValueError');
}

/**
 * `_calculate_fan_in_and_fan_out(tensor)`: integer fans from the shape.
 * @example calculateFans([16, 3, 5, 5]) // { fanIn: 75, fanOut: 400 }
 */
export function calculateFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length < 2) {
    throw new TorchError('Fan in and fan out can not be computed for tensor with fewer than 2 dimensions', 'ValueError');
  }
  let receptive = 1;
  for (let i = 2; i < shape.length; i++) receptive *= shape[i]!;
  return { fanIn: shape[1]! * receptive, fanOut: shape[0]! * receptive };
}

/** `_calculate_correct_fan(tensor, mode)`: `mode` is lower-cased first, as torch does. */
export function calculateCorrectFan(shape: readonly number[], mode: string): number {
  const m = mode.toLowerCase();
  if (m !== 'fan_in' && m !== 'fan_out') {
    throw new TorchError(`Mode ${m} not supported, please use one of ['fan_in', 'fan_out']`, 'ValueError');
  }
  const { fanIn, fanOut } = calculateFans(shape);
  return m === 'fan_in' ? fanIn : fanOut;
}

/**
 * `nn.init.uniform_(tensor, a, b)` on a float32 tensor: one 32-bit draw per element.
 * @example uniform_({g: new Generator(0n), kernel: 'avx2'}, makeTensor([2], 'float32')).data // [0.49625658988952637, 0.7682217955589294]
 */
export function uniform_(ctx: InitContext, t: Tensor, a = 0, b = 1): Tensor {
  // a float64 parameter (dtype=torch.float64) draws one random64() per element; a float16/bfloat16 one
  // follows the half uniform kernel of the request's torch build
  const s = floatStorage(t);
  checkUniformBounds(a, b, s.dtype);
  fillUniform(ctx.g, s, a, b, ctx.kernel);
  return t;
}

/**
 * `nn.init.normal_(tensor, mean, std)` on a contiguous float32 tensor (vectorised path from 16 elements,
 * scalar path with the generator's cached normal below).
 * @example normal_({g: new Generator(0n), kernel: 'avx2'}, makeTensor([2], 'float32')).data // [1.5409960746765137, -0.293428897857666]
 */
export function normal_(ctx: InitContext, t: Tensor, mean = 0, std = 1): Tensor {
  checkNormalArgs(std, t.dtype);
  fillNormal(ctx.g, floatStorage(t), mean, std, ctx.kernel);
  return t;
}

/** `nn.init.constant_(tensor, val)`: every element f32(val); no draws. */
export function constant_(t: Tensor, val: number): Tensor {
  // a float32 tensor stores f32(val); a float64 one val itself
  floatStorage(t).data.fill(isHalf(t.dtype) ? halfRounder(t.dtype)(Math.fround(val)) : val);
  return t;
}

/** `nn.init.ones_(tensor)`. */
export function ones_(t: Tensor): Tensor {
  return constant_(t, 1);
}

/** `nn.init.zeros_(tensor)`. */
export function zeros_(t: Tensor): Tensor {
  return constant_(t, 0);
}

/**
 * `nn.init.eye_(tensor)`: the 2-D identity (`torch.eye(*tensor.shape, out=tensor)`).
 * @example eye_(makeTensor([2, 3], 'float32')) // [[1, 0, 0], [0, 1, 0]]
 */
export function eye_(t: Tensor): Tensor {
  if (t.shape.length !== 2) throw new TorchError('Only tensors with 2 dimensions are supported', 'ValueError');
  const rows = t.shape[0]!;
  const cols = t.shape[1]!;
  const d = floatStorage(t).data;
  d.fill(0);
  for (let i = 0; i < Math.min(rows, cols); i++) d[i * cols + i] = 1;
  return t;
}

/**
 * `nn.init.dirac_(tensor, groups)`: the identity of a 3/4/5-D convolution weight, per group.
 * @example dirac_(makeTensor([2, 2, 3], 'float32')) // [[[0, 1, 0], [0, 0, 0]], [[0, 0, 0], [0, 1, 0]]]
 */
export function dirac_(t: Tensor, groups = 1): Tensor {
  const dims = t.shape.length;
  if (dims !== 3 && dims !== 4 && dims !== 5) {
    throw new TorchError('Only tensors with 3, 4, or 5 dimensions are supported', 'ValueError');
  }
  const sizes = t.shape;
  if (groups === 0) throw new TorchError('integer division or modulo by zero', 'ZeroDivisionError');
  // Python's % takes the sign of the divisor.
  if (((sizes[0]! % groups) + groups) % groups !== 0) throw new TorchError('dim 0 must be divisible by groups', 'ValueError');
  const outPerGroup = Math.floor(sizes[0]! / groups);
  const minDim = Math.min(outPerGroup, sizes[1]!);
  // `tensor[g * out_chans_per_grp + d, d, tensor.size(2) // 2, ...] = 1` indexes 0 into an empty spatial dim
  if (groups > 0 && minDim > 0) {
    for (let k = 2; k < dims; k++) if (sizes[k] === 0) throw new TorchError(`index 0 is out of bounds for dimension ${k} with size 0`, 'IndexError');
  }
  const d = floatStorage(t).data;
  d.fill(0);
  // strides of a contiguous tensor
  const strides = new Array<number>(dims);
  let s = 1;
  for (let k = dims - 1; k >= 0; k--) {
    strides[k] = s;
    s *= sizes[k]!;
  }
  let centre = 0;
  for (let k = 2; k < dims; k++) centre += Math.floor(sizes[k]! / 2) * strides[k]!;
  for (let g = 0; g < groups; g++) {
    for (let j = 0; j < minDim; j++) d[(g * outPerGroup + j) * strides[0]! + j * strides[1]! + centre] = 1;
  }
  return t;
}

/** `std = gain * math.sqrt(2.0 / float(fan_in + fan_out))` of the xavier functions. */
function xavierStd(shape: readonly number[], gain: number): number {
  const { fanIn, fanOut } = calculateFans(shape);
  if (fanIn + fanOut === 0) throw new TorchError('float division by zero', 'ZeroDivisionError');
  return gain * Math.sqrt(2.0 / (fanIn + fanOut));
}

/**
 * `nn.init.xavier_uniform_(tensor, gain)`: U(-a, a) with `a = sqrt(3) * gain * sqrt(2 / (fan_in + fan_out))`.
 * @example xavierUniform_(ctx(seed 0), makeTensor([1, 2], 'float32')) // [[-0.008...]] as torch
 */
export function xavierUniform_(ctx: InitContext, t: Tensor, gain = 1): Tensor {
  const std = xavierStd(t.shape, gain);
  const a = Math.sqrt(3.0) * std; // Calculate uniform bounds from standard deviation
  return uniform_(ctx, t, -a, a);
}

/** `nn.init.xavier_normal_(tensor, gain)`: N(0, std²) with `std = gain * sqrt(2 / (fan_in + fan_out))`. */
export function xavierNormal_(ctx: InitContext, t: Tensor, gain = 1): Tensor {
  const std = xavierStd(t.shape, gain);
  return normal_(ctx, t, 0, std);
}

/** `std = gain / math.sqrt(fan)` of the kaiming functions (after their zero-element check). */
function kaimingStd(shape: readonly number[], a: unknown, mode: string, nonlinearity: string): number {
  const fan = calculateCorrectFan(shape, mode);
  const gain = calculateGain(nonlinearity, a);
  return gain / Math.sqrt(fan);
}

/**
 * `nn.init.kaiming_uniform_(tensor, a, mode, nonlinearity)`.
 * A tensor with a zero dimension is left alone without drawing (torch warns and returns).
 * @example kaimingUniform_(ctx(seed 0), makeTensor([1, 2], 'float32'), Math.sqrt(5)) // Linear(2, 1)'s weight
 */
export function kaimingUniform_(ctx: InitContext, t: Tensor, a: unknown = 0, mode = 'fan_in', nonlinearity = 'leaky_relu'): Tensor {
  // torch/nn/init.py@v1.13.1 (and v2.13.0) kaiming_uniform_:
  // `if 0 in tensor.shape: warnings.warn("Initializing zero-element tensors is a no-op", stacklevel=2); return tensor`
  if (t.shape.includes(0)) {
    warn('Initializing zero-element tensors is a no-op');
    return t;
  }
  const std = kaimingStd(t.shape, a, mode, nonlinearity);
  const bound = Math.sqrt(3.0) * std; // Calculate uniform bounds from standard deviation
  return uniform_(ctx, t, -bound, bound);
}

/** `nn.init.kaiming_normal_(tensor, a, mode, nonlinearity)`; zero-element tensors draw nothing. */
export function kaimingNormal_(ctx: InitContext, t: Tensor, a: unknown = 0, mode = 'fan_in', nonlinearity = 'leaky_relu'): Tensor {
  if (t.shape.includes(0)) {
    warn('Initializing zero-element tensors is a no-op');
    return t;
  }
  const std = kaimingStd(t.shape, a, mode, nonlinearity);
  return normal_(ctx, t, 0, std);
}

/**
 * `nn.init.trunc_normal_(tensor, mean, std, a, b)` as torch 1.13 through 2.11 compute it:
 * inverse-CDF sampling, `uniform_(2l-1, 2u-1)` then float32 `erfinv`, scale, shift and clamp.
 *
 * torch/nn/init.py@v1.13.1 `_no_grad_trunc_normal_`.
 * @example truncNormal_(ctx(seed 0), makeTensor([2], 'float32')) // as torch.nn.init.trunc_normal_(torch.empty(2))
 */
export function truncNormal_(ctx: InitContext, t: Tensor, mean = 0, std = 1, a = -2, b = 2): Tensor {
  // def norm_cdf(x): return (1. + math.erf(x / math.sqrt(2.))) / 2.
  const normCdf = (x: number): number => (1 + glibcErf(x / Math.sqrt(2))) / 2;
  // if (mean < a - 2 * std) or (mean > b + 2 * std): warnings.warn(...)  (1.13 and 2.13 alike)
  if (mean < a - 2 * std || mean > b + 2 * std) {
    warn('mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The distribution of values may be incorrect.');
  }
  if (std === 0) throw new TorchError('float division by zero', 'ZeroDivisionError');
  if (ctx.g.profile.truncNormalRejection) return truncNormalRejection(ctx, t, mean, std, a, b, normCdf);
  const l = normCdf((a - mean) / std);
  const u = normCdf((b - mean) / std);
  // tensor.uniform_(2 * l - 1, 2 * u - 1)
  uniform_(ctx, t, 2 * l - 1, 2 * u - 1);
  const d = floatStorage(t).data;
  // tensor.erfinv_(); tensor.mul_(std * math.sqrt(2.)); tensor.add_(mean); tensor.clamp_(min=a, max=b)
  const scale = Math.fround(std * Math.sqrt(2));
  const shift = Math.fround(mean);
  const lo = Math.fround(a);
  const hi = Math.fround(b);
  const fused = ctx.kernel !== 'default';
  for (let i = 0; i < d.length; i++) {
    let x = erfinvFloat32(d[i]!, fused);
    x = Math.fround(x * scale);
    x = Math.fround(x + shift);
    d[i] = Math.min(Math.max(x, lo), hi);
  }
  return t;
}

/**
 * torch/nn/init.py@v2.13.0 `_no_grad_trunc_normal_` (2.x): rejection sampling.
 * `p = norm_cdf((b - mean) / std) - norm_cdf((a - mean) / std)`; with `p > 0.3`:
 * `lo = tensor.new_tensor(a).item(); hi = ...(b); result = tensor.normal_(mean, std)`, then while any value is
 * outside [lo, hi]: `torch.where(mask, torch.empty_like(result).normal_(mean, std), result)` (a whole fresh
 * normal_ each round). The narrow branch (`p <= 0.3`) draws `uniform_(a, b)` candidates and accepts by
 * `uniform_().log_() > log_pdf`.
 */
function truncNormalRejection(ctx: InitContext, t: Tensor, mean: number, std: number, a: number, b: number, normCdf: (x: number) => number): Tensor {
  const p = normCdf((b - mean) / std) - normCdf((a - mean) / std);
  const n = numel(t.shape);
  if (t.dtype === 'float64') throw new TorchError('trunc_normal_ of float64 tensors is not supported by this service', 'NotImplementedError');
  const d = floatStorage(t).data;
  if (p > 0.3) {
    const lo = Math.fround(a);
    const hi = Math.fround(b);
    normal_(ctx, t, mean, std);
    const fd = new Float32Array(n);
    const fresh = makeTensor(t.shape, 'float32', fd);
    for (;;) {
      let any = false;
      for (let i = 0; i < n; i++) if (d[i]! < lo || d[i]! > hi) any = true;
      if (!any) break;
      normal_(ctx, fresh, mean, std);
      for (let i = 0; i < n; i++) if (d[i]! < lo || d[i]! > hi) d[i] = fd[i]!;
    }
    return t;
  }
  // mode = max(a, min(mean, b)); log_peak = -0.5 * ((mode - mean) / std) ** 2
  const mode = Math.max(a, Math.min(mean, b));
  const logPeak = -0.5 * ((mode - mean) / std) ** 2;
  const m32 = Math.fround(mean);
  // div_(std) is a float32 division by float(std) (aten/src/ATen/native/cpu/BinaryOpsKernel.cpp div_true_kernel:
  // `return a / b;`), not a multiplication by its reciprocal (checked against the 2.13 wheel)
  const s32 = Math.fround(std);
  const lp = Math.fround(logPeak);
  // candidates.sub_(mean).div_(std).pow_(2).mul_(-0.5).sub_(log_peak), in float32
  const logPdf = (x: number): number => {
    let v = Math.fround(x - m32);
    v = Math.fround(v / s32);
    v = Math.fround(v * v);
    v = Math.fround(v * -0.5);
    return Math.fround(v - lp);
  };
  uniform_(ctx, t, a, b);
  const cand = new Float32Array(n);
  const ud = new Float32Array(n);
  const u = makeTensor(t.shape, 'float32', ud);
  const pending = new Uint8Array(n);
  for (let i = 0; i < n; i++) cand[i] = logPdf(d[i]!);
  uniform_(ctx, u, 0, 1);
  let any = false;
  for (let i = 0; i < n; i++) {
    pending[i] = logf(ud[i]!) > cand[i]! ? 1 : 0;
    if (pending[i]) any = true;
  }
  if (!any) return t;
  const cd = new Float32Array(n);
  const c = makeTensor(t.shape, 'float32', cd);
  for (;;) {
    uniform_(ctx, c, a, b);
    for (let i = 0; i < n; i++) if (pending[i]) d[i] = cd[i]!;
    for (let i = 0; i < n; i++) cand[i] = logPdf(cd[i]!);
    uniform_(ctx, u, 0, 1);
    any = false;
    for (let i = 0; i < n; i++) {
      if (pending[i]) pending[i] = logf(ud[i]!) > cand[i]! ? 1 : 0;
      if (pending[i]) any = true;
    }
    if (!any) return t;
  }
}

/**
 * `nn.init.orthogonal_(tensor, gain)`: the draws are torch's (N32(rows·cols) into a fresh
 * (rows, cols) tensor); the QR is a float32 Householder QR after LAPACK's `sgeqr2`/`sorg2r`, but
 * torch runs OpenBLAS's kernels, so about a quarter of the values are bit-equal and the rest differ
 * by a few float32 ulps.
 */
export function orthogonal_(ctx: InitContext, t: Tensor, gain = 1): Tensor {
  if (t.shape.length < 2) throw new TorchError('Only tensors with 2 or more dimensions are supported', 'ValueError');
  const n = numel(t.shape);
  if (n === 0) return t;
  const rows = t.shape[0]!;
  const cols = n / rows;
  // flattened = tensor.new(rows, cols).normal_(0, 1)
  const flat = new Float32Array(rows * cols);
  fillNormalFloat32(ctx.g, flat, 0, 1, ctx.kernel);
  // if rows < cols: flattened.t_();  q, r = torch.linalg.qr(flattened); q *= sign(diag(r)); back
  const tall = rows >= cols;
  const m = tall ? rows : cols;
  const k = tall ? cols : rows;
  // A is m x k (column j of A = column j of flattened, or row j when transposed)
  const A = new Float32Array(m * k); // column-major: A[i + j*m]
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = flat[i * cols + j]!;
      if (tall) A[i + j * m] = v;
      else A[j + i * m] = v;
    }
  }
  const Q = orthonormalColumns(A, m, k); // column-major m x k, columns scaled by sign(R[j,j])
  const out = floatStorage(t).data;
  const g32 = Math.fround(gain);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const q = tall ? Q[i + j * m]! : Q[j + i * m]!;
      out[i * cols + j] = Math.fround(q * g32);
    }
  }
  return t;
}

/**
 * `nn.init.sparse_(tensor, sparsity, std)`: N(0, std²) everywhere, then per column a `randperm(rows)`
 * on the same (global) generator whose first `ceil(sparsity * rows)` rows are zeroed (Python slice rules).
 */
export function sparse_(ctx: InitContext, t: Tensor, sparsity: number, std = 0.01): Tensor {
  if (t.shape.length !== 2) throw new TorchError('Only tensors with 2 dimensions are supported', 'ValueError');
  const rows = t.shape[0]!;
  const cols = t.shape[1]!;
  // num_zeros = int(math.ceil(sparsity * rows))
  const numZeros = Math.ceil(sparsity * rows);
  normal_(ctx, t, 0, std);
  const d = floatStorage(t).data;
  const perm = new Float64Array(rows);
  // row_indices[:num_zeros] with Python slice semantics
  const stop = numZeros < 0 ? Math.max(rows + numZeros, 0) : Math.min(numZeros, rows);
  for (let c = 0; c < cols; c++) {
    fillRandperm(ctx.g, perm);
    for (let i = 0; i < stop; i++) d[perm[i]! * cols + c] = 0;
  }
  return t;
}

/** The `torch.nn.init` functions `initOp` serves, by torch's name. */
export const INIT_FUNCTIONS = [
  'uniform_', 'normal_', 'constant_', 'ones_', 'zeros_', 'eye_', 'dirac_', 'xavier_uniform_', 'xavier_normal_',
  'kaiming_uniform_', 'kaiming_normal_', 'trunc_normal_', 'orthogonal_', 'sparse_',
] as const;
/** One of `INIT_FUNCTIONS`. */
export type InitFunctionName = (typeof INIT_FUNCTIONS)[number];

/** A `/v1/init` request without its seed: `torch.nn.init.<fn>(torch.empty(size), **kwargs)`. */
export interface InitRequest {
  fn: InitFunctionName;
  size: number[];
  a?: unknown;
  b?: number;
  mean?: number;
  std?: number;
  val?: number;
  gain?: number;
  groups?: number;
  mode?: string;
  nonlinearity?: string;
  sparsity?: number;
}

/**
 * An optional number argument (`a` is `unknown` in the request: kaiming's `a` goes to calculate_gain,
 * which names a non-number itself): the default when absent.
 * @throws TorchError (TypeError) for a value of another type.
 */
function numberArg(v: unknown, name: string, fallback: number): number {
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'number') return v;
  throw new TorchError(`${name} must be a number, not ${typeof v}`, 'TypeError', name);
}

/**
 * Runs `t = torch.empty(size); torch.nn.init.<fn>(t, **kwargs)` after the caller's seeding and returns `t`
 * (a float32 tensor). Functions that do not draw fill every element, so no uninitialised memory shows.
 * @example initOp(new Generator(0n), {fn: 'uniform_', size: [2]}) // data [0.49625658988952637, 0.7682217955589294]
 */
export function initOp(g: Generator, r: InitRequest, kernel: CpuKernel = 'avx2'): Tensor {
  const ctx: InitContext = { g, kernel };
  const t = makeTensor([...r.size], 'float32');
  const fn: string = r.fn;
  switch (r.fn) {
    case 'uniform_':
      return uniform_(ctx, t, numberArg(r.a, 'a', 0), r.b ?? 1);
    case 'normal_':
      return normal_(ctx, t, r.mean ?? 0, r.std ?? 1);
    case 'constant_':
      if (r.val === undefined) throw new TorchError("constant_() missing 1 required positional argument: 'val'", 'TypeError', 'val');
      return constant_(t, r.val);
    case 'ones_':
      return ones_(t);
    case 'zeros_':
      return zeros_(t);
    case 'eye_':
      return eye_(t);
    case 'dirac_':
      return dirac_(t, r.groups ?? 1);
    case 'xavier_uniform_':
      return xavierUniform_(ctx, t, r.gain ?? 1);
    case 'xavier_normal_':
      return xavierNormal_(ctx, t, r.gain ?? 1);
    case 'kaiming_uniform_':
      return kaimingUniform_(ctx, t, r.a ?? 0, r.mode ?? 'fan_in', r.nonlinearity ?? 'leaky_relu');
    case 'kaiming_normal_':
      return kaimingNormal_(ctx, t, r.a ?? 0, r.mode ?? 'fan_in', r.nonlinearity ?? 'leaky_relu');
    case 'trunc_normal_':
      return truncNormal_(ctx, t, r.mean ?? 0, r.std ?? 1, numberArg(r.a, 'a', -2), r.b ?? 2);
    case 'orthogonal_':
      return orthogonal_(ctx, t, r.gain ?? 1);
    case 'sparse_':
      if (r.sparsity === undefined) throw new TorchError("sparse_() missing 1 required positional argument: 'sparsity'", 'TypeError', 'sparsity');
      return sparse_(ctx, t, r.sparsity, r.std ?? 0.01);
    default:
      throw new TorchError(`module 'torch.nn.init' has no attribute '${fn}'`, 'AttributeError', 'fn');
  }
}
