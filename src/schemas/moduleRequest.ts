import { z } from 'zod';
import { computingFields, SeedOut, seedOrState, TensorOut } from './common.js';
import { ModuleSpecSchema } from './modules.js';

export const ModulesRequest = z
  .strictObject({ ...computingFields, module: ModuleSpecSchema })
  .superRefine(seedOrState)
  .meta({ id: 'ModulesRequest' });

export const ModulesResponse = z
  .object({ seed: SeedOut, state_dict: z.record(z.string(), TensorOut), rng_state: z.string().optional() })
  .meta({ id: 'ModulesResponse' });
