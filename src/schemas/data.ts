import { z } from 'zod';
import { computingFields, PositiveInt, Seed, SeedOut, seedOrState, Size } from './common.js';

/** Options of `DataLoader(range(dataset_size), ...)` iterated for `epochs` passes. */
export const dataLoaderFields = {
  dataset_size: Size,
  batch_size: PositiveInt.nullable().default(1).meta({ description: 'null disables auto-batching (batch_size=None)' }),
  shuffle: z.boolean().default(false),
  drop_last: z.boolean().default(false),
  generator_seed: Seed.nullable().default(null).meta({ description: 'DataLoader(generator=torch.Generator().manual_seed(generator_seed)); null: the global generator' }),
  replacement: z.boolean().default(false),
  num_samples: PositiveInt.nullable().default(null),
  num_workers: Size.default(0),
  persistent_workers: z.boolean().default(false),
  epochs: Size.default(1),
};

export const DataLoaderRequest = z
  .strictObject({ ...computingFields, ...dataLoaderFields })
  .superRefine(seedOrState)
  .meta({ id: 'DataLoaderRequest' });

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
  lengths: z.array(z.number().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER)).min(1).max(100_000),
  generator_seed: Seed.nullable().default(null),
};

export const RandomSplitRequest = z
  .strictObject({ ...computingFields, ...randomSplitFields })
  .superRefine(seedOrState)
  .meta({ id: 'RandomSplitRequest' });

export const RandomSplitResponse = z
  .object({
    seed: SeedOut,
    lengths: z.array(z.int()),
    subsets: z.array(z.array(z.int())),
    warnings: z.array(z.string()).optional(),
    rng_state: z.string().optional(),
  })
  .meta({ id: 'RandomSplitResponse' });
