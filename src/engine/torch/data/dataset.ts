import type { Generator } from '../generator/generator.js';
import { TorchError } from '../../errors.js';
import { fillRandperm } from '../tensor/randperm.js';

/** Result of `random_split`: the integer lengths used and each subset's dataset indices. */
export interface RandomSplitResult {
  lengths: number[];
  subsets: number[][];
  warnings: string[];
}

/** What torch says when non-fraction lengths are not all integers but add up to the dataset size. */
const RANDPERM_FLOAT_MESSAGE =
  'randperm() received an invalid combination of arguments - got (float, generator=torch._C.Generator), but expected one of:\n' +
  ' * (int n, *, torch.Generator generator, Tensor out, torch.dtype dtype, torch.layout layout, torch.device device, bool pin_memory, bool requires_grad)\n' +
  ' * (int n, *, Tensor out, torch.dtype dtype, torch.layout layout, torch.device device, bool pin_memory, bool requires_grad)\n';

/** 2.x prints the defaults in the signatures (torch/csrc/utils/python_arg_parser.cpp@v2.13.0). */
const RANDPERM_FLOAT_MESSAGE_2X =
  'randperm() received an invalid combination of arguments - got (float, generator=torch._C.Generator), but expected one of:\n' +
  ' * (int n, *, torch.Generator generator, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n' +
  ' * (int n, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n';

/** Python's `math.isclose(a, b)` with the default rel_tol=1e-09, abs_tol=0. */
function isclose(a: number, b: number): boolean {
  if (a === b) return true;
  const diff = Math.abs(b - a);
  return diff <= Math.abs(1e-9 * b) || diff <= Math.abs(1e-9 * a);
}

/**
 * The integer lengths `random_split` uses: fractions (when `isclose(sum, 1) and sum <= 1`) become
 * floors plus a round-robin remainder; integers must add up to `n`.
 */
export function splitLengths(n: number, lengths: readonly number[], v2 = false): { lengths: number[]; warnings: string[] } {
  // torch/utils/data/dataset.py@v1.13.1 random_split
  let total = 0;
  for (const l of lengths) total += l; // Python sum(): left to right in double
  const warnings: string[] = [];
  let out: number[];
  if (isclose(total, 1) && total <= 1) {
    out = [];
    lengths.forEach((frac, i) => {
      if (frac < 0 || frac > 1) throw new TorchError(`Fraction at index ${i} is not between 0 and 1`, 'ValueError', `lengths.${i}`);
      out.push(Math.floor(n * frac));
    });
    const remainder = n - out.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) out[i % out.length]! += 1;
    out.forEach((len, i) => {
      if (len === 0) warnings.push(`Length of split at index ${i} is 0. This might result in an empty dataset.`);
    });
  } else {
    out = [...lengths];
  }
  if (out.reduce((a, b) => a + b, 0) !== n) {
    throw new TorchError('Sum of input lengths does not equal the length of the input dataset!', 'ValueError', 'lengths');
  }
  if (!out.every((l) => Number.isInteger(l))) {
    // the sum is a float: randperm(sum(lengths), generator=generator) refuses it
    throw new TorchError(v2 ? RANDPERM_FLOAT_MESSAGE_2X : RANDPERM_FLOAT_MESSAGE, 'TypeError', 'lengths');
  }
  out.forEach((l, i) => {
    if (l < 0) {
      throw new TorchError(`Length of split at index ${i} is negative (${l}): torch does not check this and would return overlapping subsets; refused`, 'ValueError', `lengths.${i}`);
    }
  });
  return { lengths: out, warnings };
}

/**
 * `torch.utils.data.random_split(range(n), lengths, generator)`: one `randperm(sum(lengths))`, cut in order.
 * @example randomSplit(new Generator(0n), 10, [0.3, 0.7]).subsets // [[4, 1, 7], [5, 3, 9, 0, 8, 6, 2]]
 */
export function randomSplit(g: Generator, n: number, lengths: readonly number[]): RandomSplitResult {
  const { lengths: ls, warnings } = splitLengths(n, lengths, g.profile.version !== '1.13');
  // indices = randperm(sum(lengths), generator=generator).tolist(), cut into the subsets (one copy out of the int32 shuffle)
  const perm = new Int32Array(n);
  fillRandperm(g, perm);
  const subsets: number[][] = [];
  let offset = 0;
  for (const l of ls) {
    const part = new Array<number>(l);
    for (let i = 0; i < l; i++) part[i] = perm[offset + i]!;
    subsets.push(part);
    offset += l;
  }
  return { lengths: ls, subsets, warnings };
}
