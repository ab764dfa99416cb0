import { z } from 'zod';

// Placeholder until the nn developer's full schemas land: Linear, Sequential and parameter-free layers.
const Linear = z.strictObject({
  type: z.literal('Linear'),
  in_features: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  out_features: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  bias: z.boolean().default(true),
});
const Free = z.object({ type: z.enum(['ReLU', 'Tanh', 'Sigmoid', 'Dropout', 'Flatten', 'Identity']) }).loose();

export type ModuleSpecInput = { type: string; [k: string]: unknown };
export const ModuleSpecSchema: z.ZodType<ModuleSpecInput> = z.lazy(() =>
  z.union([Linear, Free, z.strictObject({ type: z.literal('Sequential'), layers: z.array(ModuleSpecSchema).default([]) })]),
) as unknown as z.ZodType<ModuleSpecInput>;
