import { z } from 'zod';
import type { InitFunctionName } from '../engine/torch/nn/init.js';
import { Pos, Size } from './modules/fields.js';

// torch.nn.init functions (for POST /v1/init and script steps): one schema per function the engine's
// INIT_FUNCTIONS lists.

/** `torch.empty(size)`: the tensor an init function fills. */
const InitSize = z.array(Size).max(16);
function initFn<T extends string, S extends z.ZodRawShape>(fn: T, shape: S) {
  return z.strictObject({ fn: z.literal(fn), size: InitSize, ...shape });
}
const gain = { gain: z.number().default(1) };
const kaiming = {
  // torch passes `a` to calculate_gain, which refuses a bool only for leaky_relu (422 there)
  a: z.union([z.number(), z.boolean()]).default(0),
  mode: z.string().max(64).default('fan_in'),
  nonlinearity: z.string().max(64).default('leaky_relu'),
};

/** One schema per init function the engine runs (INIT_FUNCTIONS): a missing or extra one is a compile error. */
export const initSpecs = {
  uniform_: initFn('uniform_', { a: z.number().default(0), b: z.number().default(1) }),
  normal_: initFn('normal_', { mean: z.number().default(0), std: z.number().default(1) }),
  constant_: initFn('constant_', { val: z.number() }),
  ones_: initFn('ones_', {}),
  zeros_: initFn('zeros_', {}),
  eye_: initFn('eye_', {}),
  dirac_: initFn('dirac_', { groups: Pos.default(1) }),
  xavier_uniform_: initFn('xavier_uniform_', gain),
  xavier_normal_: initFn('xavier_normal_', gain),
  kaiming_uniform_: initFn('kaiming_uniform_', kaiming),
  kaiming_normal_: initFn('kaiming_normal_', kaiming),
  trunc_normal_: initFn('trunc_normal_', { mean: z.number().default(0), std: z.number().default(1), a: z.number().default(-2), b: z.number().default(2) }),
  orthogonal_: initFn('orthogonal_', gain),
  sparse_: initFn('sparse_', { sparsity: z.number(), std: z.number().default(0.01) }),
} satisfies Record<InitFunctionName, z.ZodObject>;

const { uniform_, ...otherInits } = initSpecs;

/**
 * `t = torch.empty(size); torch.nn.init.<fn>(t, **kwargs)`: `fn` is the init function's name, the other
 * fields its keyword arguments with torch's defaults. Argument combinations torch refuses (fans of a 1-D
 * tensor, an unknown nonlinearity or mode, a negative std) are the engine's 422.
 */
export const InitSpecSchema = z
  .discriminatedUnion('fn', [uniform_, ...Object.values(otherInits)])
  .meta({ id: 'InitSpec', description: 'A torch.nn.init function applied to torch.empty(size): `fn` is its name, the other fields its keyword arguments.' });

/** A validated init request body without its seed (defaults filled). */
export type InitSpecOutput = z.output<typeof InitSpecSchema>;
