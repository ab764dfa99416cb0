import { TorchError } from '../../errors.js';
import { calculateFans, kaimingUniform_, uniform_, type InitContext } from './init.js';
import { ntuple, param, type StateDict } from './module.js';

/** Constructor arguments shared by `torch.nn.Conv{1,2,3}d` and `ConvTranspose{1,2,3}d`. */
export interface ConvOptions {
  in_channels: number;
  out_channels: number;
  kernel_size: number | number[];
  stride?: number | number[];
  padding?: number | number[] | 'same' | 'valid';
  dilation?: number | number[];
  groups?: number;
  bias?: boolean;
  padding_mode?: string;
  /** ConvTranspose only. */
  output_padding?: number | number[];
}

/** Which convolution: spatial dimensions and whether it is transposed. */
export interface ConvKind {
  dims: 1 | 2 | 3;
  transposed: boolean;
}

/** The class name torch reports in its messages. */
function className(k: ConvKind): string {
  return `${k.transposed ? 'ConvTranspose' : 'Conv'}${k.dims}d`;
}

/** Keys and shapes of a convolution's state_dict, in order. */
export function convShapes(o: ConvOptions, k: ConvKind): Array<[string, number[]]> {
  const groups = o.groups ?? 1;
  const ks = ntuple(o.kernel_size, k.dims);
  const w = k.transposed
    ? [o.in_channels, Math.trunc(o.out_channels / groups), ...ks]
    : [o.out_channels, Math.trunc(o.in_channels / groups), ...ks];
  const out: Array<[string, number[]]> = [['weight', w]];
  if (o.bias ?? true) out.push(['bias', [o.out_channels]]);
  return out;
}

/**
 * `torch.nn.Conv{1,2,3}d` / `ConvTranspose{1,2,3}d(...)` after `reset_parameters()`, with torch's
 * argument checks in torch's order.
 *
 * torch/nn/modules/conv.py@v1.13.1 `_ConvNd.__init__` and `reset_parameters`:
 * `init.kaiming_uniform_(self.weight, a=math.sqrt(5))`; then, with a bias,
 * `fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight); if fan_in != 0: bound = 1 / math.sqrt(fan_in); init.uniform_(self.bias, -bound, bound)`.
 * With fan_in = 0, torch 1.13 leaves the bias as uninitialised memory; the engine returns zeros.
 */
export function conv(ctx: InitContext, o: ConvOptions, k: ConvKind, path = 'module'): StateDict {
  const groups = o.groups ?? 1;
  const paddingMode = o.padding_mode ?? 'zeros';
  const stride = ntuple(o.stride ?? 1, k.dims);
  if (k.transposed && paddingMode !== 'zeros') {
    // _ConvTransposeNd.__init__
    throw new TorchError(`Only "zeros" padding mode is supported for ${className(k)}`, 'ValueError', `${path}.padding_mode`);
  }
  if (groups <= 0) throw new TorchError('groups must be a positive integer', 'ValueError', `${path}.groups`);
  if (o.in_channels % groups !== 0) throw new TorchError('in_channels must be divisible by groups', 'ValueError', `${path}.in_channels`);
  if (o.out_channels % groups !== 0) throw new TorchError('out_channels must be divisible by groups', 'ValueError', `${path}.out_channels`);
  if (!k.transposed && typeof o.padding === 'string') {
    if (o.padding !== 'same' && o.padding !== 'valid') {
      throw new TorchError(`Invalid padding string '${o.padding}', should be one of {'same', 'valid'}`, 'ValueError', `${path}.padding`);
    }
    if (o.padding === 'same' && stride.some((s) => s !== 1)) {
      throw new TorchError("padding='same' is not supported for strided convolutions", 'ValueError', `${path}.padding`);
    }
  }
  if (!['zeros', 'reflect', 'replicate', 'circular'].includes(paddingMode)) {
    throw new TorchError(
      `padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='${paddingMode}'`,
      'ValueError',
      `${path}.padding_mode`,
    );
  }
  const shapes = convShapes(o, k);
  const weight = param(ctx, shapes[0]![1]);
  kaimingUniform_(ctx, weight, Math.sqrt(5));
  const sd: StateDict = [['weight', weight]];
  if (o.bias ?? true) {
    const bias = param(ctx, [o.out_channels]);
    const { fanIn } = calculateFans(weight.shape);
    if (fanIn !== 0) {
      const bound = 1 / Math.sqrt(fanIn);
      uniform_(ctx, bias, -bound, bound);
    } else if (ctx.g.profile.convZeroFanInBias) {
      // torch/nn/modules/conv.py@v2.13.0 _ConvNd.reset_parameters:
      // `bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0; init.uniform_(self.bias, -bound, bound)` (Python's -0 is 0)
      uniform_(ctx, bias, 0, 0);
    }
    sd.push(['bias', bias]);
  }
  return sd;
}
