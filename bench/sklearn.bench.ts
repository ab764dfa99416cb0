// scikit-learn / numpy workloads, engine vs the real libraries on identical inputs, in one run:
//   npx tsx bench/sklearn.bench.ts
// The Python side runs in one spawned /usr/bin/python3 (sklearn 1.2.1, numpy 1.24) with timeit; each
// workload's answer is also compared element for element (a sha256 of the index lists) so the ratio is
// between two programs that give the same indices.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RandomState } from '../src/engine/numpy/randomState.js';
import { defaultRng } from '../src/engine/numpy/pcg64.js';
import type { Labels } from '../src/engine/numpy/unique.js';
import { cvSplit } from '../src/engine/sklearn/cvSplit.js';
import { trainTestSplit } from '../src/engine/sklearn/trainTestSplit.js';
import type { Fold } from '../src/engine/sklearn/types.js';
import { timeJs } from './lib.js';

const N = 1_000_000;
const REPS = 7;

/** Deterministic imbalanced labels: class k with weights 70/25/5 % (3 classes) or 100 roughly equal classes. */
function makeLabels(n: number, classes: number): Float64Array {
  const rs = new RandomState(12345);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = rs.nextUint32() / 4294967296;
    y[i] = classes === 3 ? (u < 0.7 ? 0 : u < 0.95 ? 1 : 2) : Math.floor(u * classes);
  }
  return y;
}

const y3 = makeLabels(N, 3);
const y100 = makeLabels(N, 100);
const dir = mkdtempSync(join(tmpdir(), 'sklearn-bench-'));
writeFileSync(join(dir, 'y3.bin'), Buffer.from(y3.buffer));
writeFileSync(join(dir, 'y100.bin'), Buffer.from(y100.buffer));
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
const foldsDigest = (folds: Fold[]): string => digest(folds.flatMap((f) => [f.train, f.test]));

interface Workload {
  name: string;
  js: () => string;
  py: string;
}

const workloads: Workload[] = [
  {
    name: `train_test_split(stratify=3 imbalanced classes), n=${N}`,
    js: () => {
      const f = trainTestSplit({ test_size: { kind: 'float', value: 0.2 }, random_state: 42, stratify: labels(y3) });
      return digest([f.train, f.test]);
    },
    py: 'a, b = train_test_split(X, test_size=0.2, random_state=42, stratify=y3); r = dig([a, b])',
  },
  {
    name: `train_test_split(stratify=100 classes), n=${N}`,
    js: () => {
      const f = trainTestSplit({ test_size: { kind: 'float', value: 0.2 }, random_state: 42, stratify: labels(y100) });
      return digest([f.train, f.test]);
    },
    py: 'a, b = train_test_split(X, test_size=0.2, random_state=42, stratify=y100); r = dig([a, b])',
  },
  {
    name: `train_test_split (no stratify), n=${N}`,
    js: () => {
      const f = trainTestSplit({ n_samples: N, test_size: { kind: 'float', value: 0.2 }, random_state: 42 });
      return digest([f.train, f.test]);
    },
    py: 'a, b = train_test_split(X, test_size=0.2, random_state=42); r = dig([a, b])',
  },
  {
    name: `StratifiedKFold(5, shuffle=True), n=${N}`,
    js: () => foldsDigest(cvSplit({ splitter: 'StratifiedKFold', n_splits: { kind: 'int', value: 5n }, shuffle: true, random_state: 0, y: labels(y3) }).folds),
    py: 'r = dig([x for f in StratifiedKFold(5, shuffle=True, random_state=0).split(Z, y3) for x in f])',
  },
  {
    name: `RandomState(42).permutation(${N})`,
    js: () => digest([new RandomState(42).permutation(N)]),
    py: `r = dig([np.random.RandomState(42).permutation(${N})])`,
  },
  {
    name: `default_rng(42).permutation(${N})`,
    js: () => digest([defaultRng(42).permutation(N)]),
    py: `r = dig([np.random.default_rng(42).permutation(${N})])`,
  },
];

const prog = `
import json, timeit, hashlib, sys
import numpy as np
from sklearn.model_selection import train_test_split, StratifiedKFold
d = sys.argv[1]
y3 = np.fromfile(d + '/y3.bin', dtype=np.float64).astype(np.int64)
y100 = np.fromfile(d + '/y100.bin', dtype=np.float64).astype(np.int64)
X = np.arange(${N}); Z = np.zeros(${N})
def dig(parts):
    h = hashlib.sha256()
    for p in parts: h.update(np.asarray(p, dtype=np.int64).tobytes())
    return h.hexdigest()[:16]
out = []
for code in json.loads(sys.argv[2]):
    g = {**globals()}
    exec(code, g)
    t = min(timeit.repeat(code, globals=g, number=1, repeat=${REPS}))
    out.append({'t': t, 'digest': g['r']})
print(json.dumps(out))
`;

const r = spawnSync('/usr/bin/python3', ['-c', prog, dir, JSON.stringify(workloads.map((w) => w.py))], { encoding: 'utf8', maxBuffer: 1 << 26 });
rmSync(dir, { recursive: true, force: true });
if (r.status !== 0) {
  console.error(r.stderr);
  process.exit(1);
}
const py = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Array<{ t: number; digest: string }>;

console.log('\n## scikit-learn 1.2.1 / numpy 1.24 vs engine (best of python timeit, median of engine runs)\n');
console.log('| workload | engine (ms) | sklearn/numpy (ms) | engine speed vs sklearn | same indices |');
console.log('|---|---:|---:|---:|:---:|');
workloads.forEach((w, i) => {
  let d = '';
  const t = timeJs(() => {
    d = w.js();
  }, REPS);
  const p = py[i]!;
  console.log(`| ${w.name} | ${(t * 1e3).toFixed(1)} | ${(p.t * 1e3).toFixed(1)} | ${(p.t / t).toFixed(2)}x | ${d === p.digest ? 'yes' : `NO (${d} vs ${p.digest})`} |`);
});
