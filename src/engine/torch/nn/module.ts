import { makeTensor, numel, type Tensor } from '../tensor/tensor.js';
import type { InitContext } from './init.js';

/** An ordered state_dict: keys in `module.state_dict()` order. */
export type StateDict = Array<[string, Tensor]>;

/** A module specification as the API takes it: torch's class name and constructor kwargs. */
export interface ModuleSpec {
  type: string;
  [kwarg: string]: unknown;
}

/** Builds a child module: the registry's `buildModule` with the child's field path. */
export type BuildChild = (ctx: InitContext, spec: ModuleSpec, path?: string) => StateDict;

/**
 * Builds one module type: draws in torch's constructor order and returns its state_dict.
 * `path` is the dotted field path of the spec in the request (`module`, `module.layers.0`), for errors.
 */
export type ModuleBuilder = (ctx: InitContext, spec: ModuleSpec, build: BuildChild, path: string) => StateDict;

/** Counts the elements a spec's state_dict will hold, without drawing or allocating. */
export type ModuleCounter = (spec: ModuleSpec, count: (spec: ModuleSpec) => number) => number;

/** Prefixes every key of a child's state_dict with `name.`. */
export function prefixed(name: string, sd: StateDict): StateDict {
  return sd.map(([k, v]) => [`${name}.${k}`, v]);
}

/** Floating dtypes a module's parameters and buffers may have (torch's `dtype=` factory kwarg). */
export type ParamDType = 'float32' | 'float64' | 'float16' | 'bfloat16';

let factoryDtype: ParamDType = 'float32';

/**
 * Runs `f` with `dtype` as the factory dtype of the parameters it creates, as torch's
 * `factory_kwargs = {'dtype': dtype}` reaches a module and the sub-modules it constructs.
 */
export function withFactoryDtype<T>(dtype: ParamDType | undefined, f: () => T): T {
  if (dtype === undefined) return f();
  const prev = factoryDtype;
  factoryDtype = dtype;
  try {
    return f();
  } finally {
    factoryDtype = prev;
  }
}

/** A new parameter of `shape` in the current factory dtype (float32 unless `dtype=` says otherwise). */
export function param(shape: number[]): Tensor {
  return makeTensor(shape, factoryDtype);
}

/** Total elements of a list of shapes. */
export function shapesNumel(shapes: ReadonlyArray<readonly number[]>): number {
  let n = 0;
  for (const s of shapes) n += numel(s);
  return n;
}

/**
 * Nested lists a tensor of `shape` is written as: one per index of every dimension but the last
 * (1 + d0 + d0*d1 + ...). Not zero when a dimension is: `[N, 0]` is N empty lists.
 * @example shapeLists([3, 0]) // 4
 */
export function shapeLists(shape: readonly number[]): number {
  let lists = 0;
  let prefix = 1;
  for (let k = 0; k < shape.length; k++) {
    lists += prefix;
    prefix *= shape[k]!;
  }
  return lists;
}

/** Work units of writing a list of tensors: elements, nested lists, and a fixed 16 per tensor (key, shape, dtype). */
export function shapesWork(shapes: ReadonlyArray<readonly number[]>): number {
  let n = 0;
  for (const s of shapes) n += numel(s) + shapeLists(s) + 16;
  return n;
}

/** A deep copy of a state_dict (what `copy.deepcopy(module)` gives for the tensors). */
export function cloneStateDict(sd: StateDict): StateDict {
  return sd.map(([k, t]) => [k, { shape: [...t.shape], dtype: t.dtype, data: t.data.slice() }]);
}

/** `_single/_pair/_triple(x)`: an int repeated n times, a list kept as given. */
export function ntuple(x: number | readonly number[], n: number): number[] {
  return typeof x === 'number' ? new Array<number>(n).fill(x) : [...x];
}
