/**
 * Reduced QR by Householder reflections in float32, after LAPACK's unblocked `sgeqr2` + `sorg2r`
 * (what `torch.linalg.qr` reaches for matrices under 32 columns), returning Q with each column
 * multiplied by sign(R[j, j]) (sign(0) = 0), which is what `orthogonal_` keeps.
 *
 * torch runs OpenBLAS's kernels, whose summation orders are not documented; this follows a plausible
 * one (`snrm2` accumulated in double, `sgemv` dot products in 8 FMA lanes, `sger` as one FMA per
 * element). It is not bit-exact: about a quarter of the values equal torch's, the rest differ by a
 * few float32 ulps (measured by test/modules.engine.test.ts).
 * @internal
 */
import { fma32 } from '../../libm/fma.js';

const fr = Math.fround;
/** Lanes of the vectorised dot product. */
const LANES = 8;
const lanes = new Float64Array(LANES);

/** Σ v[r] * c[r] over r = i .. m-1 of two columns, v[i] taken as 1 (the reflector's implicit head). */
function dotFromHead(a: Float32Array, vCol: number, cCol: number, i: number, m: number): number {
  const len = m - i;
  const full = len - (len % LANES);
  lanes.fill(0);
  for (let q = 0; q < full; q++) {
    const r = i + q;
    const v = q === 0 ? 1 : a[vCol + r]!;
    lanes[q % LANES] = fma32(v, a[cCol + r]!, lanes[q % LANES]!);
  }
  let w = fr(fr(fr(lanes[0]! + lanes[4]!) + fr(lanes[2]! + lanes[6]!)) + fr(fr(lanes[1]! + lanes[5]!) + fr(lanes[3]! + lanes[7]!)));
  for (let q = full; q < len; q++) {
    const r = i + q;
    const v = q === 0 ? 1 : a[vCol + r]!;
    w = fma32(v, a[cCol + r]!, w);
  }
  return w;
}

/** `slarf('Left')`: applies H = I - tau v v^T (v stored below the diagonal of column i) to columns i+1 .. k-1. */
function applyReflector(a: Float32Array, m: number, k: number, i: number, tau: number): void {
  const vCol = i * m;
  for (let j = i + 1; j < k; j++) {
    const cCol = j * m;
    const t = fr(-tau * dotFromHead(a, vCol, cCol, i, m));
    a[cCol + i] = fr(a[cCol + i]! + t);
    for (let r = i + 1; r < m; r++) a[cCol + r] = fma32(t, a[vCol + r]!, a[cCol + r]!);
  }
}

/**
 * `a`: column-major m x k float32 matrix (m >= k), overwritten with Q scaled by sign(diag R).
 */
export function orthonormalColumns(a: Float32Array, m: number, k: number): Float32Array {
  const tau = new Float32Array(k);
  const rdiag = new Float32Array(k);
  // sgeqr2: A = H(0) H(1) ... H(k-1) R
  for (let i = 0; i < k; i++) {
    const col = i * m;
    // slarfg on alpha = A[i, i], x = A[i+1:m, i]; xnorm = snrm2 (double accumulation)
    let ss = 0;
    for (let r = i + 1; r < m; r++) ss += a[col + r]! * a[col + r]!;
    const xnorm = fr(Math.sqrt(ss));
    const alpha = a[col + i]!;
    if (xnorm === 0) {
      tau[i] = 0;
      rdiag[i] = alpha;
    } else {
      // beta = -sign(slapy2(alpha, xnorm), alpha)
      const w = Math.max(Math.abs(alpha), xnorm);
      const z = Math.min(Math.abs(alpha), xnorm);
      const q = fr(z / w);
      const lapy = fr(w * fr(Math.sqrt(fr(1 + fr(q * q)))));
      const beta = alpha >= 0 ? -lapy : lapy;
      tau[i] = fr(fr(beta - alpha) / beta);
      const s = fr(1 / fr(alpha - beta));
      for (let r = i + 1; r < m; r++) a[col + r] = fr(a[col + r]! * s);
      a[col + i] = beta;
      rdiag[i] = beta;
    }
    if (tau[i] !== 0) applyReflector(a, m, k, i, tau[i]!);
  }
  // sorg2r: Q from the reflectors, last to first
  for (let i = k - 1; i >= 0; i--) {
    const col = i * m;
    if (i < k - 1) {
      a[col + i] = 1;
      applyReflector(a, m, k, i, tau[i]!);
    }
    for (let r = i + 1; r < m; r++) a[col + r] = fr(-tau[i]! * a[col + r]!);
    a[col + i] = fr(1 - tau[i]!);
    for (let r = 0; r < i; r++) a[col + r] = 0;
  }
  for (let j = 0; j < k; j++) {
    const sg = Math.sign(rdiag[j]!);
    for (let r = 0; r < m; r++) a[j * m + r] = a[j * m + r]! * sg;
  }
  return a;
}
