import { Generator } from '../generator/generator.js';
import { dataLoaderEpochs, type DataLoaderOptions } from '../data/dataloader.js';
import { randomSplit } from '../data/dataset.js';
import type { InitContext } from '../nn/init.js';
import { buildModule } from '../nn/registry.js';
import type { ModuleSpec, StateDict } from '../nn/module.js';
import type { CpuKernel } from '../tensor/random.js';
import { tensorOp, type TensorRequest as TensorOpRequest } from '../tensor/factory.js';
import type { Tensor } from '../tensor/tensor.js';

/** A step of a script, as the API takes it (`seed`-less fields of the matching endpoint). */
export type Step =
  | { op: 'module'; module: ModuleSpec }
  | ({ op: 'dataloader' } & DataLoaderStep)
  | { op: 'random_split'; dataset_size: number; lengths: number[]; generator_seed?: string | null }
  | { op: 'manual_seed'; seed: string }
  | ({ op: TensorOpRequest['op'] } & Omit<TensorOpRequest, 'op'>);

/** DataLoader step fields with seeds as decimal strings. */
export type DataLoaderStep = Omit<DataLoaderOptions, 'generator_seed'> & { generator_seed?: string | null };

/** One epoch of a materialised DataLoader result. */
export interface EpochResult {
  batches: Array<number[] | number>;
  base_seed: bigint;
  worker_seeds?: bigint[];
}

/** What a step returns: the single endpoint's response object without `seed`. */
export type StepResult =
  | { state_dict: StateDict }
  | { epochs: EpochResult[] }
  | { lengths: number[]; subsets: number[][]; warnings?: string[] }
  | { seed: bigint }
  | { tensor: Tensor };

/**
 * Runs one step on the global generator `g`, exactly as the matching line of a Python script would.
 * DataLoader epochs are materialised in order, so later steps see the generator where torch leaves it.
 */
export function runStep(g: Generator, step: Step, kernel: CpuKernel): StepResult {
  switch (step.op) {
    case 'module': {
      const ctx: InitContext = { g, kernel };
      return { state_dict: buildModule(ctx, step.module) };
    }
    case 'dataloader': {
      const { generator_seed, ...rest } = step as { op: 'dataloader' } & DataLoaderStep;
      const opts: DataLoaderOptions = { ...rest, generator_seed: generator_seed == null ? null : BigInt(generator_seed) };
      const epochs: EpochResult[] = [];
      for (const e of dataLoaderEpochs(g, opts)) {
        const r: EpochResult = { batches: [...e.batches], base_seed: e.base_seed };
        if (e.worker_seeds) r.worker_seeds = e.worker_seeds;
        epochs.push(r);
      }
      return { epochs };
    }
    case 'random_split': {
      const gen = step.generator_seed == null ? g : new Generator(BigInt(step.generator_seed));
      const r = randomSplit(gen, step.dataset_size, step.lengths);
      const out: StepResult = { lengths: r.lengths, subsets: r.subsets };
      if (r.warnings.length > 0) out.warnings = r.warnings;
      return out;
    }
    case 'manual_seed':
      g.manualSeed(BigInt(step.seed));
      return { seed: g.initialSeed() };
    default: {
      // 64-bit bounds arrive as decimal strings (or JSON numbers) and are exact BigInts in the engine
      const r = { ...step } as Record<string, unknown>;
      for (const k of ['low', 'high'] as const) if (r[k] !== undefined && typeof r[k] !== 'bigint') r[k] = BigInt(r[k] as string | number);
      return { tensor: tensorOp(g, r as unknown as TensorOpRequest, kernel) };
    }
  }
}

/**
 * Runs steps in order on one generator seeded with `seed`: the library form of `POST /v1/scripts`.
 * @example runScript(0n, [{ op: 'module', module: { type: 'Linear', in_features: 2, out_features: 1 } }])
 */
export function runScript(g: Generator, steps: readonly Step[], kernel: CpuKernel = 'avx2'): StepResult[] {
  return steps.map((s) => runStep(g, s, kernel));
}
