import { makeTensor } from '../tensor/tensor.js';
import { ones_, zeros_, type InitContext } from './init.js';
import { param, type StateDict } from './module.js';

/** Constructor arguments of `torch.nn.BatchNorm{1,2,3}d` and `InstanceNorm{1,2,3}d` (`_NormBase`). */
export interface NormBaseOptions {
  num_features: number;
  eps?: number;
  momentum?: number | null;
  affine?: boolean;
  track_running_stats?: boolean;
}

/** `_NormBase` defaults: BatchNorm has affine and running stats, InstanceNorm neither. */
export interface NormDefaults {
  affine: boolean;
  track_running_stats: boolean;
}

/** BatchNorm's defaults. */
export const BATCH_NORM_DEFAULTS: NormDefaults = { affine: true, track_running_stats: true };

/** Keys and shapes of a `_NormBase` state_dict: weight, bias, running_mean, running_var, num_batches_tracked. */
export function normBaseShapes(o: NormBaseOptions, d: NormDefaults): Array<[string, number[]]> {
  const c = o.num_features;
  const out: Array<[string, number[]]> = [];
  if (o.affine ?? d.affine) out.push(['weight', [c]], ['bias', [c]]);
  if (o.track_running_stats ?? d.track_running_stats) out.push(['running_mean', [c]], ['running_var', [c]], ['num_batches_tracked', []]);
  return out;
}

/**
 * `_NormBase.__init__` + `reset_parameters` (torch/nn/modules/batchnorm.py@v1.13.1): parameters first, then
 * the buffers `running_mean` (zeros), `running_var` (ones), `num_batches_tracked` (int64 0-d, 0). No draws.
 */
export function normBase(ctx: InitContext, o: NormBaseOptions, d: NormDefaults): StateDict {
  return normBaseShapes(o, d).map(([k, s]): [string, ReturnType<typeof param>] => {
    if (k === 'num_batches_tracked') return [k, makeTensor([], 'int64')];
    if (k === 'weight' || k === 'running_var') return [k, ones_(param(ctx, s))];
    return [k, zeros_(param(ctx, s))];
  });
}

/** `torch.nn.BatchNorm{1,2,3}d(num_features, eps, momentum, affine, track_running_stats)`. */
export function batchNorm(ctx: InitContext, o: NormBaseOptions): StateDict {
  return normBase(ctx, o, BATCH_NORM_DEFAULTS);
}
