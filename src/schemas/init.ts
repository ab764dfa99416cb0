import { z } from 'zod';
import { computingFields, extendEach, SeedOut, seedOrState, TensorOut } from './common.js';
import { InitSpecSchema } from './initSpec.js';

/** `POST /v1/init`: an InitSpec (`fn`, `size`, torch's keyword arguments and defaults) plus the seed fields. */
export const InitRequest = z
  .discriminatedUnion('fn', extendEach(InitSpecSchema.options, computingFields))
  .superRefine(seedOrState)
  .meta({ id: 'InitRequest', examples: [{"seed": 0, "fn": "kaiming_uniform_", "size": [2, 3], "mode": "fan_in", "nonlinearity": "relu"}] });

export const InitResponse = z.object({ seed: SeedOut, tensor: TensorOut, rng_state: z.string().optional() }).meta({ id: 'InitResponse' });
