import { makeTensor } from '../tensor/tensor.js';
import { kaimingUniform_, calculateFans, uniform_, type InitContext } from './init.js';
import type { StateDict } from './module.js';

/** Constructor arguments of `torch.nn.Linear`. */
export interface LinearOptions {
  in_features: number;
  out_features: number;
  bias?: boolean;
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
  const weight = makeTensor([o.out_features, o.in_features], 'float32');
  kaimingUniform_(ctx, weight, Math.sqrt(5));
  const sd: StateDict = [['weight', weight]];
  if (o.bias ?? true) {
    const bias = makeTensor([o.out_features], 'float32');
    const { fanIn } = calculateFans(weight.shape);
    const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    uniform_(ctx, bias, -bound, bound);
    sd.push(['bias', bias]);
  }
  return sd;
}
