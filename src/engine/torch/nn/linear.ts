import { TorchError } from '../../errors.js';
import { kaimingUniform_, calculateFans, uniform_, type InitContext } from './init.js';
import { param, type StateDict } from './module.js';

/** Constructor arguments of `torch.nn.Linear`. */
export interface LinearOptions {
  in_features: number;
  out_features: number;
  bias?: boolean;
}

/** Keys and shapes of `Linear`'s state_dict, in order. */
export function linearShapes(o: LinearOptions): Array<[string, number[]]> {
  const out: Array<[string, number[]]> = [['weight', [o.out_features, o.in_features]]];
  if (o.bias ?? true) out.push(['bias', [o.out_features]]);
  return out;
}

/**
 * `torch.nn.Linear(in_features, out_features, bias)` after its `reset_parameters()`.
 *
 * torch/nn/modules/linear.py@v1.13.1:
 * `init.kaiming_uniform_(self.weight, a=math.sqrt(5))`; then
 * `bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0; init.uniform_(self.bias, -bound, bound)`.
 * @example linear(ctx(seed 0), {in_features: 2, out_features: 1})
 * // weight [[-0.005293981172144413, 0.37932288646698]], bias [-0.5819807648658752]
 */
export function linear(ctx: InitContext, o: LinearOptions): StateDict {
  const weight = param(ctx, [o.out_features, o.in_features]);
  kaimingUniform_(ctx, weight, Math.sqrt(5));
  const sd: StateDict = [['weight', weight]];
  if (o.bias ?? true) {
    const bias = param(ctx, [o.out_features]);
    const { fanIn } = calculateFans(weight.shape);
    const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    // Python's -bound of the int 0 is 0, not -0.0 (2.x's uniform_ replaces results equal to `to` by `from`)
    uniform_(ctx, bias, fanIn > 0 ? -bound : 0, bound);
    sd.push(['bias', bias]);
  }
  return sd;
}

/** Constructor arguments of `torch.nn.Bilinear`. */
export interface BilinearOptions {
  in1_features: number;
  in2_features: number;
  out_features: number;
  bias?: boolean;
}

/** Keys and shapes of `Bilinear`'s state_dict, in order. */
export function bilinearShapes(o: BilinearOptions): Array<[string, number[]]> {
  const out: Array<[string, number[]]> = [['weight', [o.out_features, o.in1_features, o.in2_features]]];
  if (o.bias ?? true) out.push(['bias', [o.out_features]]);
  return out;
}

/**
 * `torch.nn.Bilinear(in1_features, in2_features, out_features, bias)`.
 *
 * torch/nn/modules/linear.py@v1.13.1 Bilinear.reset_parameters:
 * `bound = 1 / math.sqrt(self.weight.size(1)); init.uniform_(self.weight, -bound, bound); init.uniform_(self.bias, -bound, bound)`.
 */
export function bilinear(ctx: InitContext, o: BilinearOptions, path = 'module'): StateDict {
  const weight = param(ctx, [o.out_features, o.in1_features, o.in2_features]);
  // torch/nn/modules/linear.py@v2.13.0 Bilinear.reset_parameters:
  // `if self.in1_features <= 0: raise ValueError(f"in1_features must be > 0, but got (in1_features={self.in1_features})")`
  if (ctx.g.profile.version !== '1.13' && o.in1_features <= 0) {
    throw new TorchError(`in1_features must be > 0, but got (in1_features=${o.in1_features})`, 'ValueError', `${path}.in1_features`);
  }
  if (o.in1_features === 0) throw new TorchError('float division by zero', 'ZeroDivisionError', `${path}.in1_features`);
  const bound = 1 / Math.sqrt(o.in1_features);
  uniform_(ctx, weight, -bound, bound);
  const sd: StateDict = [['weight', weight]];
  if (o.bias ?? true) {
    const bias = param(ctx, [o.out_features]);
    uniform_(ctx, bias, -bound, bound);
    sd.push(['bias', bias]);
  }
  return sd;
}
