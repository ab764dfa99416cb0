import { z } from 'zod';
import { computingFields, extendEach, Seed, SeedOut, seedOrState, Size } from './common.js';
import { dataLoaderFields, passFields, randomSplitFields } from './data.js';
import { InitSpecSchema } from './initSpec.js';
import { ModuleSpecSchema } from './modules.js';
import { tensorOps } from './tensors.js';

/** The init step: one member for op "init", itself discriminated by `fn`. */
const InitStepSchema = z.discriminatedUnion('fn', extendEach(InitSpecSchema.options, { op: z.literal('init') }));

/**
 * The schema of each script step, by its `op`: an endpoint's fields without `seed`, plus `op`. The
 * per-op table (src/ops/steps.ts) pairs each with its work estimate and engine call.
 */
export const stepSchemas = {
  module: z.strictObject({ op: z.literal('module'), module: ModuleSpecSchema }),
  dataloader: z.strictObject({
    op: z.literal('dataloader'),
    ...dataLoaderFields,
    dataset_size: Size.optional().meta({ description: 'required unless dataset is given' }),
    dataset: z
      .strictObject({ step: Size, subset: Size })
      .nullable()
      .default(null)
      .meta({ description: 'iterate over part `subset` of the random_split made by step `step` of this script (a Subset) instead of range(dataset_size)' }),
    name: z
      .string()
      .min(1)
      .max(100)
      .nullable()
      .default(null)
      .meta({ description: 'names this DataLoader object so that later `epochs` steps run more passes over it (same generator, same persistent iterator)' }),
  }),
  epochs: z
    .strictObject({ op: z.literal('epochs'), loader: z.string().min(1).max(100), epochs: Size.default(1), ...passFields })
    .meta({ description: 'more passes over a DataLoader named by an earlier dataloader step, as the next iterations of a `for epoch` loop' }),
  random_split: z.strictObject({ op: z.literal('random_split'), ...randomSplitFields }),
  manual_seed: z.strictObject({ op: z.literal('manual_seed'), seed: Seed }),
  init: InitStepSchema,
  ...tensorOps,
};

const { module: moduleStep, ...otherSteps } = stepSchemas;

/** One step of a script: the union of `stepSchemas`, in their order (a new schema joins it, and needs its table entry). */
export const ScriptStep = z.discriminatedUnion('op', [moduleStep, ...Object.values(otherSteps)]);

/** A validated script step (defaults filled, seeds bigint). */
export type ScriptStepBody = z.output<typeof ScriptStep>;

export const ScriptRequest = z
  .strictObject({ ...computingFields, steps: z.array(ScriptStep).min(1) })
  .superRefine(seedOrState)
  .meta({ id: 'ScriptRequest', examples: [{"seed": 0, "steps": [{"op": "module", "module": {"type": "Linear", "in_features": 2, "out_features": 1}}, {"op": "dataloader", "dataset_size": 10, "batch_size": 3, "shuffle": true, "epochs": 2}]}] });

export const ScriptResponse = z
  .object({ seed: SeedOut, results: z.array(z.record(z.string(), z.unknown())), rng_state: z.string().optional() })
  .meta({ id: 'ScriptResponse' });
