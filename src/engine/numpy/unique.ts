/**
 * A 1-d label column as numpy stores a JSON list: all strings (`<U`), all numbers (int64, or float64 when any
 * element was written as a float), or all booleans.
 */
export type Labels =
  | { readonly kind: 'string'; readonly values: readonly string[] }
  | { readonly kind: 'number'; readonly values: ArrayLike<number>; readonly float: boolean }
  | { readonly kind: 'bool'; readonly values: readonly boolean[] };

/** `np.unique(y, return_index=True, return_inverse=True)` on a label column. */
export interface Encoded {
  /** Number of distinct labels. */
  readonly nClasses: number;
  /** Each sample's class number in sorted label order (`return_inverse`). */
  readonly inverse: Int32Array;
  /** Per class (sorted order), the index of its first sample (`return_index`, a stable sort). */
  readonly firstIndex: Int32Array;
  /** Samples per class (`np.bincount(inverse)`). */
  readonly counts: Int32Array;
}

/** Number of labels in a column. */
export function labelCount(labels: Labels): number {
  return labels.values.length;
}

/** A string as numpy's fixed-width `<U` stores it: trailing U+0000 dropped. */
function numpyStr(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0) end--;
  return end === s.length ? s : s.slice(0, end);
}

/**
 * Compares two strings by Unicode code point, as numpy compares `<U` (UCS4) strings;
 * JavaScript's `<` compares UTF-16 units and puts U+FFFF after U+1F600.
 * @internal
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      const cx = a.codePointAt(i)!;
      const cy = b.codePointAt(i)!;
      if (cx !== cy) return cx < cy ? -1 : 1;
      // same code point cannot start with different units
    }
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/**
 * `np.unique(labels, return_index=True, return_inverse=True)` and `np.bincount` of the inverse:
 * numbers compare as float64 (`1` and `1.0` are one class, `-0.0` is `0.0`), strings by code point
 * after numpy drops trailing U+0000, booleans `False < True`.
 * @example encodeLabels({ kind: 'string', values: ['b', 'a', 'b'] }).inverse // [1, 0, 1]
 */
export function encodeLabels(labels: Labels): Encoded {
  const n = labels.values.length;
  const inverse = new Int32Array(n);
  // First pass: a provisional id per distinct label, in order of first appearance.
  const firstOf: number[] = [];
  // the distinct labels' count, and how two of them (by provisional id) compare in numpy's order
  let k: number;
  let compare: (a: number, b: number) => number;
  if (labels.kind === 'number') {
    const ids = new Map<number, number>();
    const vals = labels.values;
    const distinct: number[] = [];
    let last = NaN;
    let lastId = -1;
    for (let i = 0; i < n; i++) {
      const x = vals[i]!;
      if (x === last) {
        inverse[i] = lastId;
        continue;
      }
      let id = ids.get(x); // Map keys compare by SameValueZero: -0 and 0 are one key
      if (id === undefined) {
        id = distinct.length;
        ids.set(x, id);
        distinct.push(x);
        firstOf.push(i);
      }
      inverse[i] = id;
      last = x;
      lastId = id;
    }
    k = distinct.length;
    compare = (a, b) => distinct[a]! - distinct[b]!;
  } else if (labels.kind === 'string') {
    const ids = new Map<string, number>();
    const distinct: string[] = [];
    for (let i = 0; i < n; i++) {
      const s = numpyStr(labels.values[i]!);
      let id = ids.get(s);
      if (id === undefined) {
        id = distinct.length;
        ids.set(s, id);
        distinct.push(s);
        firstOf.push(i);
      }
      inverse[i] = id;
    }
    k = distinct.length;
    compare = (a, b) => compareCodePoints(distinct[a]!, distinct[b]!);
  } else {
    const distinct: boolean[] = [];
    const idOf = [-1, -1];
    for (let i = 0; i < n; i++) {
      const b = labels.values[i] ? 1 : 0;
      if (idOf[b] === -1) {
        idOf[b] = distinct.length;
        distinct.push(b === 1);
        firstOf.push(i);
      }
      inverse[i] = idOf[b]!;
    }
    k = distinct.length;
    compare = (a, b) => Number(distinct[a]!) - Number(distinct[b]!);
  }
  const order = Array.from({ length: k }, (_, i) => i);
  order.sort(compare);
  const rank = new Int32Array(k);
  for (let r = 0; r < k; r++) rank[order[r]!] = r;
  const counts = new Int32Array(k);
  const firstIndex = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    const r = rank[inverse[i]!]!;
    inverse[i] = r;
    counts[r] = counts[r]! + 1;
  }
  for (let id = 0; id < k; id++) firstIndex[rank[id]!] = firstOf[id]!;
  return { nClasses: k, inverse, firstIndex, counts };
}
