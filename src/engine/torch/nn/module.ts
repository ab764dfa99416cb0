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

/**
 * A new parameter or buffer of `shape` in the context's factory dtype: torch's `factory_kwargs =
 * {'dtype': dtype}`, which `buildModule` puts in the context of a module and the sub-modules it
 * constructs (float32 when no `dtype=` was given).
 */
export function param(ctx: InitContext, shape: number[]): Tensor {
  return makeTensor(shape, ctx.dtype ?? 'float32');
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
