import type { ModuleSpec } from './module.js';

/**
 * Total parameter and buffer elements of a module spec, computed without drawing
 * (interim version: Linear and Sequential; other layers count their largest plausible tensor).
 */
export function countParameters(spec: ModuleSpec): number {
  if (spec.type === 'Linear') {
    const i = Number(spec.in_features);
    const o = Number(spec.out_features);
    return i * o + (spec.bias === false ? 0 : o);
  }
  if (spec.type === 'Sequential') return ((spec.layers ?? []) as ModuleSpec[]).reduce((a, l) => a + countParameters(l), 0);
  let n = 0;
  for (const v of Object.values(spec)) if (typeof v === 'number') n = Math.max(n, v);
  return n * n;
}
