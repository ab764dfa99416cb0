// scikit-learn / numpy workloads, engine vs the real libraries on identical inputs, in one run:
//   npx tsx bench/sklearn.bench.ts
// scikit-learn 1.2.1 on numpy 1.24 (/usr/bin/python3) and 1.9.1 on numpy 2.4 (the sklearn-1.9 oracle) run in
// persistent Python processes, repetitions interleaved with the engine's (bench/lib.ts). Each answer is also
// compared (a sha256 of the index lists as int64, computed outside the timing) so the ratio is between two
// programs that give the same indices. The engine answers as scikit-learn 1.9 (the default).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RandomState } from '../src/engine/numpy/randomState.js';
import { defaultRng } from '../src/engine/numpy/pcg64.js';
import type { Labels } from '../src/engine/numpy/unique.js';
import { cvSplit, type CvSplitOptions } from '../src/engine/sklearn/cvSplit.js';
import { resample } from '../src/engine/sklearn/resample.js';
import { trainTestSplit } from '../src/engine/sklearn/trainTestSplit.js';
import { indexArray, pyFloat, pyInt, type CvFold, type Fold } from '../src/engine/sklearn/types.js';
import { compare, SKLEARN_REFERENCES, type Workload } from './lib.js';

const N = 1_000_000;

/** Deterministic imbalanced labels: class k with weights 70/25/5 % (3 classes) or `classes` roughly equal classes. */
function makeLabels(n: number, classes: number, seed = 12345): Float64Array {
  const rs = new RandomState(seed);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = rs.nextUint32() / 4294967296;
    y[i] = classes === 3 ? (u < 0.7 ? 0 : u < 0.95 ? 1 : 2) : Math.floor(u * classes);
  }
  return y;
}

/** Groups of distinct sizes (group g has g + 1 members, the last one the rest), in sample order: no ties in any version. */
function distinctGroups(n: number): Float64Array {
  const g = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < n; k++) for (let j = 0; j <= k && i < n; j++) g[i++] = k;
  return g;
}

const y3 = makeLabels(N, 3);
const y100 = makeLabels(N, 100);
const groups = distinctGroups(N);
const groups6 = makeLabels(N, 6, 777);
const testFold = makeLabels(N, 5, 99);
const dir = mkdtempSync(join(tmpdir(), 'sklearn-bench-'));
for (const [name, a] of Object.entries({ y3, y100, groups, groups6, testFold })) writeFileSync(join(dir, `${name}.bin`), Buffer.from(a.buffer));
const labels = (y: Float64Array): Labels => ({ kind: 'number', values: y, float: false });

function digest(parts: Int32Array[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    // little-endian int64, as numpy's tobytes(): low word, then the sign extension
    const w = new Int32Array(2 * p.length);
    for (let i = 0; i < p.length; i++) {
      w[2 * i] = p[i]!;
      w[2 * i + 1] = p[i]! >> 31;
    }
    h.update(Buffer.from(w.buffer));
  }
  return h.digest('hex').slice(0, 16);
}
const foldsDigest = (folds: CvFold[]): string => digest(folds.flatMap((f) => [indexArray(f.train), indexArray(f.test)]));

const PY_SETUP = `
import sys
d = ${JSON.stringify(dir)}
def load(name): return np.fromfile(d + '/' + name + '.bin', dtype=np.float64).astype(np.int64)
y3 = load('y3'); y100 = load('y100'); groups = load('groups'); groups6 = load('groups6'); test_fold = load('testFold')
X = np.arange(${N}); Z = np.zeros(${N})
def dig(parts):
    h = hashlib.sha256()
    for p in parts: h.update(np.asarray(p, dtype=np.int64).tobytes())
    return h.hexdigest()[:16]
`;

/** One cv_split workload: `Splitter(kwargs).split(Z[:n], y, groups)` against the engine's cvSplit. */
function split(name: string, o: CvSplitOptions, py: string, n = N): Workload {
  return {
    name: `${name}, n=${n}`,
    js: () => cvSplit(o, { maxSamples: 10_000_000, maxOutput: 100_000_000 }).folds,
    digest: foldsDigest,
    pySetup: PY_SETUP,
    py: `folds = list(${py})`,
    pyAfter: 'r = dig([x for f in folds for x in f])',
  };
}

const workloads: Workload[] = [
  {
    name: `train_test_split(stratify=3 imbalanced classes), n=${N}`,
    js: () => trainTestSplit({ test_size: pyFloat(0.2), random_state: 42, stratify: labels(y3) }),
    digest: (f: Fold) => digest([f.train, f.test]),
    pySetup: PY_SETUP,
    py: 'a, b = train_test_split(X, test_size=0.2, random_state=42, stratify=y3)',
    pyAfter: 'r = dig([a, b])',
  },
  {
    name: `train_test_split(stratify=100 classes), n=${N}`,
    js: () => trainTestSplit({ test_size: pyFloat(0.2), random_state: 42, stratify: labels(y100) }),
    digest: (f: Fold) => digest([f.train, f.test]),
    pySetup: PY_SETUP,
    py: 'a, b = train_test_split(X, test_size=0.2, random_state=42, stratify=y100)',
    pyAfter: 'r = dig([a, b])',
  },
  {
    name: `train_test_split (no stratify), n=${N}`,
    js: () => trainTestSplit({ n_samples: N, test_size: pyFloat(0.2), random_state: 42 }),
    digest: (f: Fold) => digest([f.train, f.test]),
    pySetup: PY_SETUP,
    py: 'a, b = train_test_split(X, test_size=0.2, random_state=42)',
    pyAfter: 'r = dig([a, b])',
  },
  split('KFold(5, shuffle=True)', { splitter: 'KFold', n_samples: N, n_splits: pyInt(5), shuffle: true, random_state: 0 }, 'KFold(5, shuffle=True, random_state=0).split(Z)'),
  split('StratifiedKFold(5, shuffle=True)', { splitter: 'StratifiedKFold', n_splits: pyInt(5), shuffle: true, random_state: 0, y: labels(y3) }, 'StratifiedKFold(5, shuffle=True, random_state=0).split(Z, y3)'),
  split('GroupKFold(5)', { splitter: 'GroupKFold', n_splits: pyInt(5), groups: labels(groups) }, 'GroupKFold(5).split(Z, groups=groups)'),
  split('ShuffleSplit(5, test_size=0.2)', { splitter: 'ShuffleSplit', n_samples: N, n_splits: pyInt(5), test_size: pyFloat(0.2), random_state: 0 }, 'ShuffleSplit(5, test_size=0.2, random_state=0).split(Z)'),
  split('StratifiedShuffleSplit(5, test_size=0.2)', { splitter: 'StratifiedShuffleSplit', n_splits: pyInt(5), test_size: pyFloat(0.2), random_state: 0, y: labels(y3) }, 'StratifiedShuffleSplit(5, test_size=0.2, random_state=0).split(Z, y3)'),
  split('RepeatedKFold(5, 2)', { splitter: 'RepeatedKFold', n_samples: N, n_splits: pyInt(5), n_repeats: pyInt(2), random_state: 0 }, 'RepeatedKFold(n_splits=5, n_repeats=2, random_state=0).split(Z)'),
  split('RepeatedStratifiedKFold(5, 2)', { splitter: 'RepeatedStratifiedKFold', n_splits: pyInt(5), n_repeats: pyInt(2), random_state: 0, y: labels(y3) }, 'RepeatedStratifiedKFold(n_splits=5, n_repeats=2, random_state=0).split(Z, y3)'),
  split('StratifiedGroupKFold(5)', { splitter: 'StratifiedGroupKFold', n_splits: pyInt(5), y: labels(y3), groups: labels(groups) }, 'StratifiedGroupKFold(5).split(Z, y3, groups)'),
  split('GroupShuffleSplit(5, test_size=0.2)', { splitter: 'GroupShuffleSplit', n_splits: pyInt(5), test_size: pyFloat(0.2), random_state: 0, groups: labels(groups) }, 'GroupShuffleSplit(5, test_size=0.2, random_state=0).split(Z, groups=groups)'),
  split('TimeSeriesSplit(5)', { splitter: 'TimeSeriesSplit', n_samples: N, n_splits: pyInt(5) }, 'TimeSeriesSplit(5).split(Z)'),
  split('LeaveOneGroupOut (6 groups)', { splitter: 'LeaveOneGroupOut', groups: labels(groups6) }, 'LeaveOneGroupOut().split(Z, groups=groups6)'),
  split('LeavePGroupsOut(2) (6 groups)', { splitter: 'LeavePGroupsOut', n_groups: 2, groups: labels(groups6) }, 'LeavePGroupsOut(2).split(Z, groups=groups6)'),
  split('PredefinedSplit (5 folds)', { splitter: 'PredefinedSplit', test_fold: Array.from(testFold) }, 'PredefinedSplit(test_fold).split()'),
  split('LeaveOneOut', { splitter: 'LeaveOneOut', n_samples: 3000 }, 'LeaveOneOut().split(Z[:3000])', 3000),
  split('LeavePOut(2)', { splitter: 'LeavePOut', n_samples: 200, p: 2 }, 'LeavePOut(2).split(Z[:200])', 200),
  {
    name: `resample(stratify=3 classes), n=${N}`,
    js: () => Int32Array.from(resample({ random_state: 0, stratify: labels(y3) })),
    digest: (a: Int32Array) => digest([a]),
    pySetup: PY_SETUP,
    py: 'a = resample(X, random_state=0, stratify=y3)',
    pyAfter: 'r = dig([a])',
  },
  {
    name: `RandomState(42).permutation(${N})`,
    js: () => new RandomState(42).permutation(N),
    digest: (a: Int32Array) => digest([a]),
    pySetup: PY_SETUP,
    py: `a = np.random.RandomState(42).permutation(${N})`,
    pyAfter: 'r = dig([a])',
  },
  {
    name: `default_rng(42).permutation(${N})`,
    js: () => defaultRng(42).permutation(N),
    digest: (a: Int32Array) => digest([a]),
    pySetup: PY_SETUP,
    py: `a = np.random.default_rng(42).permutation(${N})`,
    pyAfter: 'r = dig([a])',
  },
];

try {
  await compare('scikit-learn / numpy vs engine (medians of interleaved runs)', workloads, SKLEARN_REFERENCES, 5);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
