import type { Generator } from '../generator/generator.js';
import { TorchError } from '../errors.js';
import { fillUniformFloat32, type CpuKernel } from '../tensor/random.js';
import { numel, type Tensor } from '../tensor/tensor.js';

/** Options every drawing init function takes: the generator and the CPU kernel to follow. */
export interface InitContext {
  g: Generator;
  kernel: CpuKernel;
}

/**
 * `torch.nn.init.calculate_gain(nonlinearity, param)`.
 * @example calculateGain('relu') // 1.4142135623730951
 */
export function calculateGain(nonlinearity: string, param?: number | null): number {
  // torch/nn/init.py@v1.13.1 calculate_gain
  const linearFns = ['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d'];
  if (linearFns.includes(nonlinearity) || nonlinearity === 'sigmoid') return 1;
  if (nonlinearity === 'tanh') return 5.0 / 3;
  if (nonlinearity === 'relu') return Math.sqrt(2.0);
  if (nonlinearity === 'leaky_relu') {
    const slope = param === undefined || param === null ? 0.01 : param;
    if (typeof slope !== 'number' || !Number.isFinite(slope) && Number.isNaN(slope)) {
      throw new TorchError(`negative_slope ${String(param)} not a valid number`, 'ValueError');
    }
    // return math.sqrt(2.0 / (1 + negative_slope ** 2))
    return Math.sqrt(2.0 / (1 + slope * slope));
  }
  if (nonlinearity === 'selu') return 3.0 / 4;
  throw new TorchError(`Unsupported nonlinearity ${nonlinearity}`, 'ValueError');
}

/** `_calculate_fan_in_and_fan_out(tensor)`: integer fans from the shape. */
export function calculateFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length < 2) {
    throw new TorchError('Fan in and fan out can not be computed for tensor with fewer than 2 dimensions', 'ValueError');
  }
  let receptive = 1;
  for (let i = 2; i < shape.length; i++) receptive *= shape[i]!;
  return { fanIn: shape[1]! * receptive, fanOut: shape[0]! * receptive };
}

/** `_calculate_correct_fan(tensor, mode)`. */
export function calculateCorrectFan(shape: readonly number[], mode: string): number {
  const m = mode.toLowerCase();
  if (m !== 'fan_in' && m !== 'fan_out') {
    throw new TorchError(`Mode ${mode} not supported, please use one of ['fan_in', 'fan_out']`, 'ValueError');
  }
  const { fanIn, fanOut } = calculateFans(shape);
  return m === 'fan_in' ? fanIn : fanOut;
}

/** `nn.init.uniform_(tensor, a, b)` on a float32 tensor. */
export function uniform_(ctx: InitContext, t: Tensor, a = 0, b = 1): Tensor {
  fillUniformFloat32(ctx.g, t.data as Float32Array, a, b, ctx.kernel);
  return t;
}

/**
 * `nn.init.kaiming_uniform_(tensor, a, mode, nonlinearity)`.
 * A tensor with a zero dimension is left alone without drawing (torch warns and returns).
 */
export function kaimingUniform_(ctx: InitContext, t: Tensor, a = 0, mode = 'fan_in', nonlinearity = 'leaky_relu'): Tensor {
  // torch/nn/init.py@v1.13.1 kaiming_uniform_
  if (t.shape.includes(0)) return t;
  const fan = calculateCorrectFan(t.shape, mode);
  const gain = calculateGain(nonlinearity, a);
  const std = gain / Math.sqrt(fan);
  const bound = Math.sqrt(3.0) * std; // Calculate uniform bounds from standard deviation
  return uniform_(ctx, t, -bound, bound);
}

/** Number of elements of a tensor. */
export function elements(t: Tensor): number {
  return numel(t.shape);
}
