import type { Tensor } from '../tensor/tensor.js';
import type { InitContext } from './init.js';

/** An ordered state_dict: keys in `module.state_dict()` order. */
export type StateDict = Array<[string, Tensor]>;

/** A module specification as the API takes it: torch's class name and constructor kwargs. */
export interface ModuleSpec {
  type: string;
  [kwarg: string]: unknown;
}

/** Builds one module type: draws in torch's constructor order and returns its state_dict. */
export type ModuleBuilder = (ctx: InitContext, spec: ModuleSpec, build: (ctx: InitContext, spec: ModuleSpec) => StateDict) => StateDict;

/** Prefixes every key of a child's state_dict with `name.`. */
export function prefixed(name: string, sd: StateDict): StateDict {
  return sd.map(([k, v]) => [`${name}.${k}`, v]);
}
