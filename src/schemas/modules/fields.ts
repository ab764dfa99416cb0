import { z } from 'zod';
import { MAX_INT } from '../common.js';

// Field types the module schemas share: torch's argument ranges, the `_single/_pair/_triple` ints, and
// the `dtype=` factory kwarg.

/** A size or count torch accepts: a non-negative int. */
export const Size = z.int().min(0).max(MAX_INT);
/** A positive int (groups, heads, strides, layers). */
export const Pos = z.int().min(1).max(MAX_INT);
/** Any int that fits a Python int the engine can hold exactly (dims, indices). */
export const Int = z.int().min(-MAX_INT).max(MAX_INT);
/** A probability, as torch's dropout layers require. */
export const Prob = z.number().min(0).max(1);

/** An int or a list of n ints (torch's `_single/_pair/_triple`), each checked by `item`. */
export function ints(n: number, item: z.ZodInt) {
  return z.union([item, z.array(item).length(n)]);
}

/** torch's `dtype=` factory kwarg of the modules that own parameters or buffers. */
export const factoryDtype = { dtype: z.enum(['float32', 'float64', 'float16', 'bfloat16']).default('float32').meta({ description: 'dtype= of the parameters and floating buffers (torch.float32, float64, float16 or bfloat16)' }) };
