import { TorchError } from '../../errors.js';
import { ones_, zeros_, type InitContext } from './init.js';
import { param, type StateDict } from './module.js';

/** Constructor arguments of `torch.nn.LayerNorm`. */
export interface LayerNormOptions {
  normalized_shape: number | number[];
  eps?: number;
  elementwise_affine?: boolean;
}

/** Keys and shapes of `LayerNorm`'s state_dict. */
export function layerNormShapes(o: LayerNormOptions): Array<[string, number[]]> {
  const shape = typeof o.normalized_shape === 'number' ? [o.normalized_shape] : [...o.normalized_shape];
  return (o.elementwise_affine ?? true) ? [['weight', shape], ['bias', [...shape]]] : [];
}

/** `torch.nn.LayerNorm(normalized_shape, eps, elementwise_affine)`: weight ones, bias zeros; no draws. */
export function layerNorm(ctx: InitContext, o: LayerNormOptions): StateDict {
  return layerNormShapes(o).map(([k, s]) => [k, k === 'weight' ? ones_(param(ctx, s)) : zeros_(param(ctx, s))]);
}

/** Constructor arguments of `torch.nn.GroupNorm`. */
export interface GroupNormOptions {
  num_groups: number;
  num_channels: number;
  eps?: number;
  affine?: boolean;
}

/** Keys and shapes of `GroupNorm`'s state_dict. */
export function groupNormShapes(o: GroupNormOptions): Array<[string, number[]]> {
  return (o.affine ?? true) ? [['weight', [o.num_channels]], ['bias', [o.num_channels]]] : [];
}

/**
 * `torch.nn.GroupNorm(num_groups, num_channels, eps, affine)`; no draws.
 * torch/nn/modules/normalization.py@v1.13.1: `if num_channels % num_groups != 0: raise ValueError('num_channels must be divisible by num_groups')`.
 */
export function groupNorm(ctx: InitContext, o: GroupNormOptions, path = 'module'): StateDict {
  if (o.num_groups === 0) throw new TorchError('integer division or modulo by zero', 'ZeroDivisionError', `${path}.num_groups`);
  if (o.num_channels % o.num_groups !== 0) {
    // torch/nn/modules/normalization.py@v2.13.0: f"num_channels ({num_channels}) must be divisible by num_groups ({num_groups})"
    const text = ctx.g.profile.version === '1.13' ? 'num_channels must be divisible by num_groups' : `num_channels (${o.num_channels}) must be divisible by num_groups (${o.num_groups})`;
    throw new TorchError(text, 'ValueError', `${path}.num_channels`);
  }
  return groupNormShapes(o).map(([k, s]) => [k, k === 'weight' ? ones_(param(ctx, s)) : zeros_(param(ctx, s))]);
}
