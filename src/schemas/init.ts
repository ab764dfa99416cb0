import { z } from 'zod';
import { INIT_FUNCTIONS } from '../engine/nn/init.js';
import { computingFields, SeedOut, seedOrState, TensorOut } from './common.js';
import { Shape } from './tensors.js';

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

/** `torch.nn.init.<fn>(torch.empty(size), **kwargs)`: the function, the shape and its keyword arguments. */
export const initFields = {
  fn: z.enum(INIT_FUNCTIONS),
  size: Shape,
  a: z.union([finite, z.boolean()]).optional().meta({ description: 'uniform_/trunc_normal_ lower bound, or the negative slope of kaiming_*' }),
  b: finite.optional(),
  mean: finite.optional(),
  std: finite.optional(),
  val: finite.optional(),
  gain: finite.optional(),
  groups: z.int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  mode: z.string().max(32).optional(),
  nonlinearity: z.string().max(32).optional(),
  sparsity: finite.optional(),
};

export const InitRequest = z.strictObject({ ...computingFields, ...initFields }).superRefine(seedOrState).meta({ id: 'InitRequest' });

export const InitResponse = z.object({ seed: SeedOut, tensor: TensorOut, rng_state: z.string().optional() }).meta({ id: 'InitResponse' });
