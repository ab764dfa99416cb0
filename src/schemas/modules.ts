import { z } from 'zod';
import type { ModuleOptions } from '../engine/torch/nn/registry.js';
import { TransformerDecoder, TransformerEncoder, withDtype } from './modules/layers.js';
import { statelessSchemas } from './modules/stateless.js';

// Module specs for POST /v1/modules and script steps: torch.nn class names with their constructor
// kwargs in snake_case and torch 1.13's defaults. Unknown kwargs are refused (strict objects), and every
// field is checked against the range torch accepts for it alone (400); combinations torch refuses
// (groups not dividing channels, embed_dim not divisible by num_heads, ...) are the engine's 422.
// The layers with parameters are in modules/layers.ts, the parameter-free ones in modules/stateless.ts;
// this file nests them (Sequential) and bounds the nesting.

/** Deepest nesting of modules a request may describe (torch's own state_dict recursion stops near 1000). */
export const MAX_MODULE_DEPTH = 64;

/** Nesting depth of a JSON value (objects and arrays), measured without recursion. */
function jsonDepth(v: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[v, 0]];
  while (stack.length > 0) {
    const [x, d] = stack.pop()!;
    if (x === null || typeof x !== 'object') continue;
    max = Math.max(max, d + 1);
    for (const c of Object.values(x)) stack.push([c, d + 1]);
  }
  return max;
}

/** torch.nn.Sequential(*layers): children named 0, 1, ... in order; `layers` nests any module spec. */
const Sequential = z.strictObject({
  type: z.literal('Sequential'),
  get layers(): z.ZodDefault<z.ZodArray<typeof ModuleSpecSchema>> {
    // the bounded schema, so every level is checked before its children are
    return z.array(ModuleSpecSchema).default([]);
  },
});

const ModuleUnion = z.discriminatedUnion('type', [
    withDtype[0]!,
    ...withDtype.slice(1),
    TransformerEncoder, TransformerDecoder,
    ...Object.values(statelessSchemas),
    Sequential,
  ]);

/**
 * The module spec of a request. Nesting is bounded (MAX_MODULE_DEPTH Sequentials) before the recursive
 * validation runs, so a deep body is a 400, never a stack overflow.
 */
export const ModuleSpecSchema = z
  .preprocess((v, ctx) => {
    // each Sequential level is an object and its `layers` array: 2 JSON levels
    if (jsonDepth(v) > 2 * MAX_MODULE_DEPTH + 4) {
      ctx.issues.push({ code: 'custom', message: `modules nest deeper than ${MAX_MODULE_DEPTH} levels`, input: v });
      return z.NEVER;
    }
    return v;
  }, ModuleUnion)
  .meta({ id: 'ModuleSpec', description: 'A torch.nn module: `type` is the class name, the other fields its constructor arguments (snake_case, torch defaults).' });

/** A validated module spec (defaults filled). */
export type ModuleSpecOutput = z.output<typeof ModuleUnion>;
/** A module spec as a client writes it. */
export type ModuleSpecInput = z.input<typeof ModuleUnion>;


/** The validated spec of module type K. */
type SpecOf<K extends string> = Extract<ModuleSpecOutput, { type: K }>;
/** The types the registry builds whose validated spec is missing or is not the options object the builder reads. */
type Mismatched = { [K in keyof ModuleOptions]: [SpecOf<K>] extends [never] ? K : SpecOf<K> extends ModuleOptions[K] ? never : K }[keyof ModuleOptions];
/**
 * Compile-time check that the schema's output is the engine's option type, for every module type
 * with parameters (a mismatch names the type here); the parameter-free ones are keyed by the
 * registry's STATELESS_MODULES in modules/stateless.ts.
 */
export const MODULE_OPTIONS_MATCH: [Mismatched] extends [never] ? true : Mismatched = true;
