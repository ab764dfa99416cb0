import { z } from 'zod';
import type { TensorOpName } from '../engine/torch/tensor/factory.js';
import { computingFields, extendEach, Int64, MAX_INT, Seed, Size, SeedOut, seedOrState, TensorOut } from './common.js';

/** Shape of a tensor: up to 8 dimensions, each >= 0. */
export const Shape = z.array(Size).max(8);

/** Every dtype the engine produces; torch refuses some per op (422 with its message). */
const AnyDType = z.enum(['int64', 'int32', 'int16', 'int8', 'uint8', 'bool', 'float32', 'float64', 'float16', 'bfloat16']);
const finite = z.number().refine(Number.isFinite, 'must be a finite number');

/** `generator=torch.Generator().manual_seed(generator_seed)` for this op; null: the global generator. */
const generatorField = {
  generator_seed: Seed.nullable().default(null).meta({ description: 'draw from torch.Generator().manual_seed(generator_seed) instead of the global generator' }),
};

/** Per-op fields of `/v1/tensors` and of tensor steps of `/v1/scripts`: one schema for each op the engine's `tensorOp` runs. */
export const tensorOps = {
  rand: z.strictObject({ op: z.literal('rand'), ...generatorField, size: Shape, dtype: AnyDType.default('float32') }),
  randn: z.strictObject({ op: z.literal('randn'), ...generatorField, size: Shape, dtype: AnyDType.default('float32') }),
  normal: z.strictObject({
    op: z.literal('normal'),
    ...generatorField,
    size: Shape,
    mean: finite.default(0),
    std: finite.default(1),
    dtype: AnyDType.default('float32'),
  }),
  uniform: z.strictObject({
    op: z.literal('uniform'),
    ...generatorField,
    size: Shape,
    from: finite.default(0),
    to: finite.default(1),
    dtype: AnyDType.default('float32'),
  }),
  randint: z.strictObject({
    op: z.literal('randint'),
    ...generatorField,
    size: Shape,
    low: Int64.prefault('0'),
    high: Int64,
    dtype: AnyDType.default('int64'),
  }),
  randperm: z.strictObject({ op: z.literal('randperm'), ...generatorField, n: z.int().min(0).max(MAX_INT), dtype: AnyDType.default('int64') }),
  bernoulli: z.strictObject({
    op: z.literal('bernoulli'),
    ...generatorField,
    size: Shape,
    p: finite.default(0.5).meta({ description: 'probability in [0, 1]; torch refuses others (422 with its message)' }),
    dtype: AnyDType.default('float32'),
  }),
} satisfies Record<TensorOpName, z.ZodObject>;

const { rand, ...otherOps } = tensorOps;

/** `/v1/tensors`: one tensor op's fields plus the computing fields (seed, rng_state, kernel, version). */
export const TensorsRequest = z
  .discriminatedUnion('op', extendEach([rand, ...Object.values(otherOps)], computingFields))
  .superRefine(seedOrState)
  .meta({ id: 'TensorsRequest', examples: [{"seed": 0, "op": "randn", "size": [2, 3]}] });

export const TensorsResponse = z.object({ seed: SeedOut, tensor: TensorOut, rng_state: z.string().optional() }).meta({ id: 'TensorsResponse' });

/** Compile-time check: a validated tensor op (defaults filled by zod) is the engine's tensor step. */
export type TensorOpOutput = z.output<(typeof tensorOps)[keyof typeof tensorOps]>;
