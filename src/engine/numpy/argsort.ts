/** SMALL_QUICKSORT in numpy/core/src/npysort/npysort_common.h@v1.24.2: partitions of up to 16 elements (pr - pl <= 15) go to insertion sort. */
const SMALL_QUICKSORT = 15;

/**
 * numpy 1.24's `np.argsort(v)` with the default `kind='quicksort'` for an integer or float array:
 * `aquicksort_` (numpy/core/src/npysort/quicksort.cpp@v1.24.2), an introsort that is **not stable** above
 * 16 elements, with `aheapsort_` as the depth-limit fallback. Ties come out exactly in numpy's order.
 * @example Array.from(argsort([3, 1, 2])) // [1, 2, 0]
 */
export function argsort(v: ArrayLike<number>): Int32Array {
  const num = v.length;
  const tosort = new Int32Array(num);
  for (let i = 0; i < num; i++) tosort[i] = i;
  if (num < 2) return tosort;
  // int cdepth = npy_get_msb(num) * 2;
  let cdepth = 2 * (31 - Math.clz32(num));
  const stack: number[] = [];
  const depths: number[] = [];
  let pl = 0;
  let pr = num - 1;
  const swap = (a: number, b: number): void => {
    const t = tosort[a]!;
    tosort[a] = tosort[b]!;
    tosort[b] = t;
  };
  for (;;) {
    if (cdepth < 0) {
      aheapsort(v, tosort, pl, pr - pl + 1);
    } else {
      while (pr - pl > SMALL_QUICKSORT) {
        // pm = pl + ((pr - pl) >> 1); median of three by compare-and-swap
        const pm = pl + ((pr - pl) >> 1);
        if (v[tosort[pm]!]! < v[tosort[pl]!]!) swap(pm, pl);
        if (v[tosort[pr]!]! < v[tosort[pm]!]!) swap(pr, pm);
        if (v[tosort[pm]!]! < v[tosort[pl]!]!) swap(pm, pl);
        const vp = v[tosort[pm]!]!;
        let pi = pl;
        let pj = pr - 1;
        swap(pm, pj);
        for (;;) {
          do ++pi;
          while (v[tosort[pi]!]! < vp);
          do --pj;
          while (vp < v[tosort[pj]!]!);
          if (pi >= pj) break;
          swap(pi, pj);
        }
        swap(pi, pr - 1);
        // push largest partition on stack
        if (pi - pl < pr - pi) {
          stack.push(pi + 1, pr);
          pr = pi - 1;
        } else {
          stack.push(pl, pi - 1);
          pl = pi + 1;
        }
        depths.push(--cdepth);
      }
      // insertion sort
      for (let pi = pl + 1; pi <= pr; ++pi) {
        const vi = tosort[pi]!;
        const vv = v[vi]!;
        let pj = pi;
        while (pj > pl && vv < v[tosort[pj - 1]!]!) {
          tosort[pj] = tosort[pj - 1]!;
          pj--;
        }
        tosort[pj] = vi;
      }
    }
    // stack_pop:
    if (stack.length === 0) break;
    pr = stack.pop()!;
    pl = stack.pop()!;
    cdepth = depths.pop()!;
  }
  return tosort;
}

/**
 * numpy's `aheapsort_` on `tosort[start .. start + n)` (1-based sift-down on `a = tosort - 1`).
 * @internal
 */
export function aheapsort(v: ArrayLike<number>, tosort: Int32Array, start: number, n: number): void {
  // a[k] (1-based) is tosort[start + k - 1]
  const a = (k: number): number => tosort[start + k - 1]!;
  const set = (k: number, x: number): void => {
    tosort[start + k - 1] = x;
  };
  let i: number;
  let j: number;
  for (let l = n >> 1; l > 0; --l) {
    const tmp = a(l);
    for (i = l, j = l << 1; j <= n; ) {
      if (j < n && v[a(j)]! < v[a(j + 1)]!) j += 1;
      if (v[tmp]! < v[a(j)]!) {
        set(i, a(j));
        i = j;
        j += j;
      } else break;
    }
    set(i, tmp);
  }
  for (; n > 1; ) {
    const tmp = a(n);
    set(n, a(1));
    n -= 1;
    for (i = 1, j = 2; j <= n; ) {
      if (j < n && v[a(j)]! < v[a(j + 1)]!) j++;
      if (v[tmp]! < v[a(j)]!) {
        set(i, a(j));
        i = j;
        j += j;
      } else break;
    }
    set(i, tmp);
  }
}
