import type { z } from 'zod';
import type { Generator } from '../engine/torch/generator/generator.js';
import {
  epochsStep,
  initStep,
  loaderStep,
  manualSeedStep,
  moduleStep,
  newContext,
  randomSplitStep,
  runSteps,
  tensorStep,
  type ScriptContext,
  type StepResult,
  type TensorStep,
} from '../engine/torch/script/run.js';
import type { CpuKernel } from '../engine/torch/tensor/tensor.js';
import { stepSchemas, type ScriptStepBody } from '../schemas/scripts.js';
import { addCost, ENVELOPE_BYTES, initCost, loaderCost, moduleCost, randomSplitCost, tensorOpCost, type Cost, type LoaderCostFields } from '../http/work.js';

// The per-op table of torch's script steps: for every `op` of POST /v1/scripts (and so of every torch
// endpoint, each a one-step script) its zod schema, its work estimate and its engine call. The routes
// (src/http/routes/v1) cost and run through it, as /v1/scripts does. The schemas are `stepSchemas`
// (src/schemas/scripts.ts, whose union is the step schema the routes validate and OpenAPI documents);
// this table must have an entry for each of their ops (a missing one is a compile error), and the
// type of each entry's engine call must accept its schema's output.

/** A validated step of each op (defaults filled by zod, seeds bigint). */
export type StepMap = { [K in keyof typeof stepSchemas]: z.output<(typeof stepSchemas)[K]> };
/** Every op of a script step. */
export type StepOp = keyof StepMap;

/** What the work estimate of a step may read of the script before it: earlier steps, named loaders. */
export interface CostContext {
  steps: readonly ScriptStepBody[];
  loaders: Map<string, { fields: LoaderCostFields; size: number }>;
}

/** One op of the table. `run` is typed by the engine's step type, so the schema's output must be it. */
export interface StepEntry<T> {
  schema: z.ZodType<T>;
  /** The work model (src/http/work.ts): elements, iterations and bytes, before any work. */
  cost: (step: T, ctx: CostContext) => Cost;
  /** The engine call: the step's result object (the endpoint's response without `seed`). */
  run: (g: Generator, step: T, kernel: CpuKernel, ctx: ScriptContext) => StepResult;
}

/** Script-only steps cost their bookkeeping. */
const TRIVIAL: Cost = { elements: 0, iterations: 2, bytes: 64 };
const NOTHING: Cost = { elements: 0, iterations: 0, bytes: 0 };

/** The entry of a tensor factory op (rand, randn, ...): one engine call for all of them. */
function tensorEntry<T extends TensorStep>(schema: z.ZodType<T>): StepEntry<T> {
  return { schema, cost: (s) => tensorOpCost(s), run: tensorStep };
}

/** The table: one entry per op. */
export const STEPS: { [K in StepOp]: StepEntry<StepMap[K]> } = {
  module: { schema: stepSchemas.module, cost: (s) => moduleCost(s.module), run: moduleStep },
  dataloader: {
    schema: stepSchemas.dataloader,
    cost: (s, ctx) => {
      // over a random_split part: at most the split's dataset
      const ref = s.dataset ? ctx.steps[s.dataset.step] : undefined;
      const size = s.dataset_size ?? (ref?.op === 'random_split' ? ref.dataset_size : 0);
      if (s.name) ctx.loaders.set(s.name, { fields: s, size });
      return loaderCost(s, size);
    },
    run: loaderStep,
  },
  epochs: {
    schema: stepSchemas.epochs,
    cost: (s, ctx) => {
      const l = ctx.loaders.get(s.loader);
      // no such loader: the step fails (NameError) before any work
      return l ? loaderCost({ ...l.fields, epochs: s.epochs, forward_dropout: s.forward_dropout }, l.size) : NOTHING;
    },
    run: epochsStep,
  },
  random_split: { schema: stepSchemas.random_split, cost: (s) => randomSplitCost(s), run: randomSplitStep },
  manual_seed: { schema: stepSchemas.manual_seed, cost: () => TRIVIAL, run: manualSeedStep },
  init: { schema: stepSchemas.init, cost: (s) => initCost(s), run: initStep },
  rand: tensorEntry(stepSchemas.rand),
  randn: tensorEntry(stepSchemas.randn),
  normal: tensorEntry(stepSchemas.normal),
  uniform: tensorEntry(stepSchemas.uniform),
  randint: tensorEntry(stepSchemas.randint),
  randperm: tensorEntry(stepSchemas.randperm),
  bernoulli: tensorEntry(stepSchemas.bernoulli),
};

/** The entry of `op` (correlated by K: the step's op picks the entry of its own type). */
function entry<K extends StepOp>(op: K): StepEntry<StepMap[K]> {
  return STEPS[op];
}

function costOf<K extends StepOp>(op: K, step: StepMap[K], ctx: CostContext): Cost {
  return entry(op).cost(step, ctx);
}

function runOf<K extends StepOp>(op: K, g: Generator, step: StepMap[K], kernel: CpuKernel, ctx: ScriptContext): StepResult {
  return entry(op).run(g, step, kernel, ctx);
}

/** A fresh cost context (a single endpoint's step: no earlier steps). */
function costContext(steps: readonly ScriptStepBody[] = []): CostContext {
  return { steps, loaders: new Map() };
}

/** Cost of one step (of a script whose earlier steps `ctx` holds). */
export function stepCost(step: ScriptStepBody, ctx: CostContext = costContext()): Cost {
  return costOf(step.op, step, ctx);
}

/** Cost of a whole script: each step's, in order (`epochs` steps cost their named loader's passes), plus the envelope. */
export function scriptCost(steps: readonly ScriptStepBody[]): Cost {
  const ctx = costContext(steps);
  const envelope: Cost = { elements: 0, iterations: steps.length, bytes: ENVELOPE_BYTES + steps.length * 16 };
  return addCost(envelope, ...steps.map((s) => stepCost(s, ctx)));
}

/** Runs one step on the global generator `g`, exactly as the matching line of a Python script would. */
export function runStep(g: Generator, step: ScriptStepBody, kernel: CpuKernel, ctx?: ScriptContext): StepResult {
  return runOf(step.op, g, step, kernel, ctx ?? newContext());
}

/**
 * Runs steps in order on one generator: `POST /v1/scripts` without the HTTP. Each step sees the
 * generator where the previous one left it.
 * @example runScript(new Generator(0n), ScriptRequest.parse({seed: 0, steps: [{op: 'rand', size: [2]}]}).steps)
 */
export function runScript(g: Generator, steps: readonly ScriptStepBody[], kernel: CpuKernel = 'avx2'): StepResult[] {
  return runSteps(g, steps, kernel, (gg, s, k, c) => runOf(s.op, gg, s, k, c));
}
