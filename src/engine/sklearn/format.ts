import { pyFloatRepr } from '../numpy/pyFormat.js';
import type { PyNumber } from './types.js';

/** Python's `str()` / `'{}'.format()` of an int, a float or None. @internal */
export function pyStr(v: PyNumber | null | undefined): string {
  if (v === null || v === undefined) return 'None';
  return v.kind === 'int' ? v.value.toString() : pyFloatRepr(v.value);
}
