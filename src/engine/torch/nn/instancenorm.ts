import type { InitContext } from './init.js';
import { normBase, type NormBaseOptions, type NormDefaults } from './batchnorm.js';
import type { StateDict } from './module.js';

/** InstanceNorm's defaults: no affine parameters, no running statistics. */
export const INSTANCE_NORM_DEFAULTS: NormDefaults = { affine: false, track_running_stats: false };

/**
 * `torch.nn.InstanceNorm{1,2,3}d(num_features, eps, momentum, affine=False, track_running_stats=False)`:
 * the `_NormBase` state with InstanceNorm's defaults (empty by default). No draws.
 */
export function instanceNorm(ctx: InitContext, o: NormBaseOptions): StateDict {
  return normBase(ctx, o, INSTANCE_NORM_DEFAULTS);
}
