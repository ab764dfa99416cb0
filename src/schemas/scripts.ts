import { z } from 'zod';
import { computingFields, Seed, SeedOut, seedOrState } from './common.js';
import { dataLoaderFields, randomSplitFields } from './data.js';
import { ModuleSpecSchema } from './modules.js';
import { tensorOps } from './tensors.js';

/** One step of a script: an endpoint's fields without `seed`, plus `op`. */
export const ScriptStep = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('module'), module: ModuleSpecSchema }),
  z.strictObject({ op: z.literal('dataloader'), ...dataLoaderFields }),
  z.strictObject({ op: z.literal('random_split'), ...randomSplitFields }),
  z.strictObject({ op: z.literal('manual_seed'), seed: Seed }),
  ...Object.values(tensorOps),
]);

export const ScriptRequest = z
  .strictObject({ ...computingFields, steps: z.array(ScriptStep).min(1) })
  .superRefine(seedOrState)
  .meta({ id: 'ScriptRequest' });

export const ScriptResponse = z
  .object({ seed: SeedOut, results: z.array(z.record(z.string(), z.unknown())), rng_state: z.string().optional() })
  .meta({ id: 'ScriptResponse' });
