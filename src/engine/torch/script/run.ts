import { warn } from '../../warnings.js';
import { Generator } from '../generator/generator.js';
import { TorchError } from '../../errors.js';
import { DataLoader, dataLoaderEpochs, type Batch, type DataLoaderOptions, type EpochsOptions, type PassOptions, type SamplerSpec } from '../data/dataloader.js';
import { randomSplit } from '../data/dataset.js';
import type { InitContext } from '../nn/init.js';
import { buildModule } from '../nn/registry.js';
import { initOp, type InitRequest } from '../nn/init.js';
import type { ModuleSpec, StateDict } from '../nn/module.js';
import type { CpuKernel } from '../tensor/tensor.js';
import { tensorOp, type TensorOpRequest } from '../tensor/factory.js';
import type { Tensor } from '../tensor/tensor.js';

/** A script's reference to a part of an earlier `random_split` step: `Subset(range(n), split[subset].indices)`. */
export interface SubsetRef {
  /** Index (0-based) of an earlier `random_split` step of the same script. */
  step: number;
  /** Which part of that split. */
  subset: number;
}

/** DataLoader step fields with seeds as decimal strings. */
export type DataLoaderStep = Omit<DataLoaderOptions, 'generator_seed' | 'dataset_indices' | 'dataset_size'> & {
  dataset_size?: number;
  generator_seed?: bigint | null;
  /** Scripts only: iterate over a part of an earlier random_split instead of `range(dataset_size)`. */
  dataset?: SubsetRef | null;
  /** Scripts only: names the loader object so that later `epochs` steps continue it. */
  name?: string | null;
  sampler?: SamplerSpec | null;
} & EpochsOptions;

/** Scripts only: more passes over a loader named by an earlier dataloader step. */
export type EpochsStep = { op: 'epochs'; loader: string; epochs?: number; break_at?: ReadonlyArray<number | null> | null; forward_dropout?: PassOptions['forward_dropout'] };

/** `torch.manual_seed(seed); model = torch.nn.<type>(**kwargs)`: a module step. */
export type ModuleStep = { op: 'module'; module: ModuleSpec };
/** A DataLoader step: `DataLoader(range(dataset_size) or a split part, ...)` and its first epochs. */
export type LoaderStep = { op: 'dataloader' } & DataLoaderStep;
/** `random_split(range(dataset_size), lengths, generator=...)`. */
export type RandomSplitStep = { op: 'random_split'; dataset_size: number; lengths: number[]; generator_seed?: bigint | null };
/** `torch.manual_seed(seed)` in the middle of a script. */
export type ManualSeedStep = { op: 'manual_seed'; seed: bigint };
/** `torch.nn.init.<fn>(torch.empty(size), **kwargs)`. */
export type InitStep = { op: 'init' } & InitRequest;

/** A step of a script, as the API takes it (`seed`-less fields of the matching endpoint). */
export type Step = ModuleStep | LoaderStep | EpochsStep | RandomSplitStep | ManualSeedStep | InitStep | TensorStep;

/** A tensor op step: the op's keyword arguments, optionally on its own `generator_seed`. */
export type TensorStep = TensorOpRequest & { generator_seed?: bigint | null };

/** One epoch of a materialised DataLoader result. */
export interface EpochResult {
  batches: Batch[];
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

/** Earlier steps (their op and result: for a loader over a random_split part) and the named DataLoader objects. */
export interface ScriptContext {
  done: ReadonlyArray<{ op: string; result: StepResult }>;
  loaders: Map<string, DataLoader>;
}

/** A fresh context: a single endpoint call is a one-step script with it. */
export function newContext(): ScriptContext {
  return { done: [], loaders: new Map() };
}

/** Materialises the epochs of a loader. */
function collect(epochs: Iterable<{ base_seed: bigint; worker_seeds?: bigint[]; batches: Iterable<Batch> }>): { epochs: EpochResult[] } {
  const out: EpochResult[] = [];
  for (const e of epochs) {
    const r: EpochResult = { batches: [...e.batches], base_seed: e.base_seed };
    if (e.worker_seeds) r.worker_seeds = e.worker_seeds;
    out.push(r);
  }
  return { epochs: out };
}

/** Resolves a dataloader step's dataset: `range(dataset_size)` or a part of an earlier split. */
function loaderOptions(step: LoaderStep, ctx: ScriptContext): DataLoaderOptions {
  const { generator_seed, dataset, name: _name, op: _op, ...rest } = step;
  const opts: DataLoaderOptions = { ...rest, dataset_size: rest.dataset_size ?? 0, generator_seed: generator_seed ?? null };
  if (dataset != null) {
    const ref = ctx.done[dataset.step];
    if (!ref || ref.op !== 'random_split') {
      throw new TorchError(`dataset.step ${dataset.step} is not an earlier random_split step`, 'ValueError', 'dataset.step');
    }
    if (!('subsets' in ref.result)) throw new TorchError(`dataset.step ${dataset.step} is not an earlier random_split step`, 'ValueError', 'dataset.step');
    const parts = ref.result.subsets;
    const part = parts[dataset.subset];
    if (!part) throw new TorchError(`dataset.subset ${dataset.subset} is not a part of that split (it has ${parts.length})`, 'IndexError', 'dataset.subset');
    if (step.dataset_size !== undefined && step.dataset_size !== part.length) {
      throw new TorchError(`dataset_size ${step.dataset_size} differs from the length ${part.length} of the referenced subset`, 'ValueError', 'dataset_size');
    }
    opts.dataset_size = part.length;
    opts.dataset_indices = part;
  } else if (step.dataset_size === undefined) {
    throw new TorchError('a dataloader step needs dataset_size or dataset', 'ValueError', 'dataset_size');
  }
  return opts;
}

// One function per step type, each the line of a Python script it reproduces, run on the global
// generator `g`. They take the validated step (src/schemas/scripts.ts fills torch's defaults); the
// per-op table of src/ops/steps.ts pairs each with its schema and work estimate, and dispatches.

/** `torch.nn.<type>(**kwargs).state_dict()`. */
export function moduleStep(g: Generator, step: ModuleStep, kernel: CpuKernel): StepResult {
  const ictx: InitContext = { g, kernel };
  return { state_dict: buildModule(ictx, step.module) };
}

/** A DataLoader and its first epochs, materialised in order so later steps see the generator where torch leaves it. */
export function loaderStep(g: Generator, step: LoaderStep, _kernel: CpuKernel, ctx: ScriptContext): StepResult {
  const opts = { ...loaderOptions(step, ctx), profile: g.profile };
  const loader = new DataLoader(opts);
  if (step.name != null) ctx.loaders.set(step.name, loader);
  return collect(dataLoaderEpochs(g, opts, loader));
}

/** More passes over a loader named by an earlier step. */
export function epochsStep(g: Generator, step: EpochsStep, _kernel: CpuKernel, ctx: ScriptContext): StepResult {
  const loader = ctx.loaders.get(step.loader);
  if (!loader) throw new TorchError(`no dataloader step named ${JSON.stringify(step.loader)} before this step`, 'NameError', 'loader');
  return collect(dataLoaderEpochs(g, { ...loader.options, epochs: step.epochs ?? 1, break_at: step.break_at ?? null, forward_dropout: step.forward_dropout ?? null }, loader));
}

/** `random_split(range(dataset_size), lengths)`, on its own generator when `generator_seed` is given. */
export function randomSplitStep(g: Generator, step: RandomSplitStep): StepResult {
  const gen = step.generator_seed == null ? g : new Generator(step.generator_seed, g.profile);
  const r = randomSplit(gen, step.dataset_size, step.lengths);
  for (const w of r.warnings) warn(w);
  return { lengths: r.lengths, subsets: r.subsets };
}

/** `torch.manual_seed(seed)`: re-seeds the global generator. */
export function manualSeedStep(g: Generator, step: ManualSeedStep): StepResult {
  g.manualSeed(step.seed);
  return { seed: g.initialSeed() };
}

/** `torch.nn.init.<fn>(torch.empty(size), **kwargs)`. */
export function initStep(g: Generator, step: InitStep, kernel: CpuKernel): StepResult {
  const { op: _op, ...req } = step;
  return { tensor: initOp(g, req, kernel) };
}

/** A tensor factory; `generator_seed`: `torch.<op>(..., generator=torch.Generator().manual_seed(generator_seed))`. */
export function tensorStep(g: Generator, step: TensorStep, kernel: CpuKernel): StepResult {
  const { generator_seed, ...req } = step;
  // a fresh generator has its own normal cache
  const gen = generator_seed == null ? g : new Generator(generator_seed, g.profile);
  return { tensor: tensorOp(gen, req, kernel) };
}

/** Runs one step of type `S` (the caller's per-op dispatch). */
export type StepRunner<S> = (g: Generator, step: S, kernel: CpuKernel, ctx: ScriptContext) => StepResult;

/**
 * Runs steps in order on one generator: the library form of `POST /v1/scripts`, each step by `run`.
 * Each step sees the generator (and its cached normal) where the previous one left it; `manual_seed` re-seeds it.
 */
export function runSteps<S extends { op: string }>(g: Generator, steps: readonly S[], kernel: CpuKernel, run: StepRunner<S>): StepResult[] {
  const ctx = newContext();
  const done: Array<{ op: string; result: StepResult }> = [];
  ctx.done = done;
  for (const s of steps) done.push({ op: s.op, result: run(g, s, kernel, ctx) });
  return done.map((d) => d.result);
}
