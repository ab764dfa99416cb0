/**
 * Reduced QR by Householder reflections (LAPACK's `xGEQR2` + `xORG2R` conventions), returning Q with
 * each column multiplied by sign(R[j, j]) (sign(0) = 0), which is what `orthogonal_` keeps.
 * Computed in double precision: torch runs OpenBLAS's float32 LAPACK, whose blocked kernels cannot be
 * reproduced operation by operation, so results agree with torch to a few float32 ulps, not bit for bit.
 * @internal
 */

/**
 * `a`: column-major m x k matrix (m >= k), overwritten. Returns Q (column-major m x k) scaled by sign(diag R).
 */
export function orthonormalColumns(a: Float64Array, m: number, k: number): Float64Array {
  const tau = new Float64Array(k);
  const rdiag = new Float64Array(k);
  // xGEQR2: A = H(0) H(1) ... H(k-1) R
  for (let i = 0; i < k; i++) {
    const col = i * m;
    // xLARFG on alpha = A[i, i], x = A[i+1:m, i]
    let xnorm = 0;
    {
      // scaled 2-norm, as xNRM2 (avoids overflow for large entries)
      let scale = 0;
      let ssq = 1;
      for (let r = i + 1; r < m; r++) {
        const v = a[col + r]!;
        if (v !== 0) {
          const av = Math.abs(v);
          if (scale < av) {
            ssq = 1 + ssq * (scale / av) * (scale / av);
            scale = av;
          } else ssq += (av / scale) * (av / scale);
        }
      }
      xnorm = scale * Math.sqrt(ssq);
    }
    const alpha = a[col + i]!;
    if (xnorm === 0) {
      tau[i] = 0;
      rdiag[i] = alpha;
    } else {
      const beta = -Math.sign(alpha || 1) * Math.hypot(alpha, xnorm);
      tau[i] = (beta - alpha) / beta;
      const s = 1 / (alpha - beta);
      for (let r = i + 1; r < m; r++) a[col + r] = a[col + r]! * s;
      a[col + i] = beta;
      rdiag[i] = beta;
    }
    // apply H(i) = I - tau v v^T (v[0] = 1) to A[i:m, i+1:k] from the left
    if (tau[i] !== 0) {
      for (let j = i + 1; j < k; j++) {
        const cj = j * m;
        let w = a[cj + i]!;
        for (let r = i + 1; r < m; r++) w += a[col + r]! * a[cj + r]!;
        w *= tau[i]!;
        a[cj + i] = a[cj + i]! - w;
        for (let r = i + 1; r < m; r++) a[cj + r] = a[cj + r]! - w * a[col + r]!;
      }
    }
  }
  // xORG2R: form Q (m x k) from the reflectors, backwards
  for (let i = k - 1; i >= 0; i--) {
    const col = i * m;
    if (i < k - 1) {
      a[col + i] = 1;
      for (let j = i + 1; j < k; j++) {
        const cj = j * m;
        let w = a[cj + i]!;
        for (let r = i + 1; r < m; r++) w += a[col + r]! * a[cj + r]!;
        w *= tau[i]!;
        a[cj + i] = a[cj + i]! - w;
        for (let r = i + 1; r < m; r++) a[cj + r] = a[cj + r]! - w * a[col + r]!;
      }
    }
    for (let r = i + 1; r < m; r++) a[col + r] = -tau[i]! * a[col + r]!;
    a[col + i] = 1 - tau[i]!;
    for (let r = 0; r < i; r++) a[col + r] = 0;
  }
  for (let j = 0; j < k; j++) {
    const sg = Math.sign(rdiag[j]!);
    for (let r = 0; r < m; r++) a[j * m + r] = a[j * m + r]! * sg;
  }
  return a;
}
