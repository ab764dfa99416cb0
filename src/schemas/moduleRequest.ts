import { z } from 'zod';
import { computingFields, SeedOut, seedOrState, TensorOut } from './common.js';
import { ModuleSpecSchema } from './modules.js';

export const ModulesRequest = z
  .strictObject({ ...computingFields, module: ModuleSpecSchema })
  .superRefine(seedOrState)
  .meta({ id: 'ModulesRequest', examples: [{"seed": 0, "module": {"type": "Linear", "in_features": 2, "out_features": 1}}] });

export const ModulesResponse = z
  .object({ seed: SeedOut, state_dict: z.record(z.string(), TensorOut), rng_state: z.string().optional() })
  .meta({ id: 'ModulesResponse' });
