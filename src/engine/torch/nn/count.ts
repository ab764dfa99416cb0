/**
 * `countParameters(spec)`: the elements a module's state_dict holds, from its shapes alone, so the
 * HTTP layer can refuse an oversize model (413) before any draw. Lives with the registry's counters.
 */
export { countParameters, moduleWork } from './registry.js';
