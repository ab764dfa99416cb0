import { z } from 'zod';
import { computingFields, MAX_INT, PositiveInt, Seed, SeedOut, seedOrState, Size } from './common.js';

/** Which generator an explicit sampler draws from. */
const SamplerGenerator = z
  .union([z.enum(['loader', 'global']), z.strictObject({ seed: Seed })])
  .default('loader')
  .meta({
    description:
      '"loader": the same generator object as the DataLoader (torch.Generator().manual_seed(generator_seed)) when generator_seed is given, else the global one; "global": the global generator; {"seed": s}: its own torch.Generator().manual_seed(s)',
  });

/** A dataset index as Python takes it (negative counts from the end). */
const Index = z.int().min(-MAX_INT).max(MAX_INT);

/** `DataLoader(..., sampler=...)`: a sampler given explicitly (mutually exclusive with shuffle). */
export const SamplerSchema = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('sequential') }),
    z.strictObject({
      type: z.literal('random'),
      replacement: z.boolean().default(false),
      num_samples: PositiveInt.nullable().default(null),
      generator: SamplerGenerator,
    }),
    z.strictObject({ type: z.literal('subset_random'), indices: z.array(Index).max(10_000_000), generator: SamplerGenerator }),
    z.strictObject({
      type: z.literal('weighted_random'),
      weights: z.array(z.number().min(-Number.MAX_VALUE).max(Number.MAX_VALUE)).max(16_777_216),
      num_samples: PositiveInt,
      replacement: z.boolean().default(true),
      generator: SamplerGenerator,
    }),
  ])
  .meta({
    id: 'Sampler',
    description:
      'SequentialSampler, RandomSampler(replacement, num_samples), SubsetRandomSampler(indices) or WeightedRandomSampler(weights, num_samples, replacement) over the dataset',
  });

/** What the body of each `for batch in loader` pass does that draws, and where it breaks. */
export const passFields = {
  break_at: z
    .array(Size.nullable())
    .max(1_000_000)
    .nullable()
    .default(null)
    .meta({
      description:
        'per epoch, the batch index at which the loop breaks (`if i == k: break` at the top of the body; null: the whole epoch). That batch is received and listed; the abandoned iterator draws nothing more (with workers, the sampler has run prefetch_factor * num_workers batches ahead)',
    }),
  forward_dropout: z
    .array(z.strictObject({ p: z.number().min(0).max(1), numel_per_item: Size }))
    .max(100)
    .nullable()
    .default(null)
    .meta({
      description:
        'training-mode Dropout layers of the forward pass the loop body runs on every batch it processes: numel_per_item input elements per batch item, one bernoulli draw (2 words) each on the global generator when 0 < p < 1',
    }),
};

/** Options of `DataLoader(range(dataset_size), ...)` iterated for `epochs` passes. */
export const dataLoaderFields = {
  dataset_size: Size,
  batch_size: PositiveInt.nullable().default(1).meta({ description: 'null disables auto-batching (batch_size=None)' }),
  shuffle: z.boolean().default(false),
  drop_last: z.boolean().default(false),
  generator_seed: Seed.nullable().default(null).meta({ description: 'DataLoader(generator=torch.Generator().manual_seed(generator_seed)); null: the global generator' }),
  replacement: z.boolean().default(false),
  num_samples: PositiveInt.nullable().default(null),
  sampler: SamplerSchema.nullable().default(null),
  num_workers: Size.default(0),
  prefetch_factor: PositiveInt.default(2).meta({ description: 'batches each worker loads ahead (torch default 2); only matters for abandoned epochs' }),
  persistent_workers: z.boolean().default(false),
  epochs: Size.default(1),
  ...passFields,
};

export const DataLoaderRequest = z
  .strictObject({ ...computingFields, ...dataLoaderFields })
  .superRefine(seedOrState)
  .meta({ id: 'DataLoaderRequest', examples: [{"seed": 0, "dataset_size": 10, "batch_size": 3, "shuffle": true, "epochs": 2}] });

export const DataLoaderResponse = z
  .object({
    seed: SeedOut,
    epochs: z.array(
      z.object({
        batches: z.array(z.union([z.array(z.int()), z.int()])),
        base_seed: z.string(),
        worker_seeds: z.array(z.string()).optional(),
      }),
    ),
    rng_state: z.string().optional(),
  })
  .meta({ id: 'DataLoaderResponse' });

export const randomSplitFields = {
  dataset_size: Size,
  lengths: z.array(z.number().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER)).max(100_000),
  generator_seed: Seed.nullable().default(null),
};

export const RandomSplitRequest = z
  .strictObject({ ...computingFields, ...randomSplitFields })
  .superRefine(seedOrState)
  .meta({ id: 'RandomSplitRequest', examples: [{"seed": 0, "dataset_size": 10, "lengths": [0.3, 0.7]}] });

export const RandomSplitResponse = z
  .object({
    seed: SeedOut,
    lengths: z.array(z.int()),
    subsets: z.array(z.array(z.int())),
    warnings: z.array(z.string()).optional(),
    rng_state: z.string().optional(),
  })
  .meta({ id: 'RandomSplitResponse' });
