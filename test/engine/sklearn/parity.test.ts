import type { SklearnVersion } from '../../../src/engine/sklearn/version.js';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'lossless-json';
import { EngineError, LimitError } from '../../../src/engine/errors.js';
import { numpyPermutation } from '../../../src/engine/numpy/permutation.js';
import type { Labels } from '../../../src/engine/numpy/unique.js';
import { cvSplit, type SplitterName } from '../../../src/engine/sklearn/cvSplit.js';
import { trainTestSplit } from '../../../src/engine/sklearn/trainTestSplit.js';
import type { Indices, PyNumber } from '../../../src/engine/sklearn/types.js';
import { firstDifference } from '../../helpers/compare.js';

// Golden-vector parity of the numpy/sklearn engine, without HTTP: every case of sklearn.jsonl (written by
// gen_sklearn.py with the real scikit-learn 1.2.1 / numpy 1.24) and of the shared public sample is run
// through the engine and compared element for element. Refusals must raise the library's own message
// (422) or a LimitError (413). Cases the contract refuses before the engine (400: missing seeds, mixed
// labels, unknown fields) belong to the schema and are replayed by test/http/routes/sklearn.test.ts.

const here = dirname(fileURLToPath(import.meta.url));
const FILES = [
  join(here, '..', '..', 'parity', 'fixtures', 'sklearn.jsonl'),
  join(here, '..', '..', 'parity', 'fixtures', 'shared', 'public-sklearn-sample.jsonl'),
].filter((f) => existsSync(f));

/** A JSON number with its text kept, as Python's json module distinguishes `1` from `1.0`. */
class JNum {
  constructor(readonly text: string) {}
  get isFloat(): boolean {
    return /[.eE]/.test(this.text);
  }
}

type J = JNum | string | boolean | null | J[] | { [k: string]: J };

interface Case {
  id: string;
  endpoint: string;
  request: { [k: string]: J };
  expect: Record<string, unknown>;
  library_says?: string;
  sklearn_says?: string;
}

/** Reads a JSONL file: the request losslessly, the expectation as plain JSON. */
function readCases(file: string): Case[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const plain = JSON.parse(line) as Case;
      const lossless = parse(line, null, (t) => new JNum(t)) as unknown as { request: Case['request'] };
      return { ...plain, request: lossless.request };
    });
}

/** Thrown for a request the contract refuses before the engine (400). */
class NotForEngine extends Error {}

function pyNumber(v: J | undefined): PyNumber | null {
  if (v === undefined || v === null) return null;
  if (!(v instanceof JNum)) throw new NotForEngine(`not a number: ${JSON.stringify(v)}`);
  return v.isFloat ? { kind: 'float', value: Number(v.text) } : { kind: 'int', value: BigInt(v.text) };
}

function int(v: J | undefined): bigint | null {
  const p = pyNumber(v);
  if (p === null) return null;
  if (p.kind !== 'int') throw new NotForEngine('integer field given a float');
  return p.value;
}

function safeInt(v: J | undefined): number | null {
  const b = int(v);
  if (b === null) return null;
  if (b < 0n || b > BigInt(Number.MAX_SAFE_INTEGER)) throw new NotForEngine('n out of range');
  return Number(b);
}

function labels(v: J | undefined): Labels | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v)) throw new NotForEngine('labels are an array');
  if (v.every((x) => typeof x === 'string')) return { kind: 'string', values: v as string[] };
  if (v.every((x) => typeof x === 'boolean')) return { kind: 'bool', values: v as boolean[] };
  if (v.every((x) => x instanceof JNum)) {
    const nums = v as JNum[];
    const float = nums.some((x) => x.isFloat);
    if (!float && nums.some((x) => !Number.isSafeInteger(Number(x.text)))) throw new NotForEngine('unsafe integer label');
    return { kind: 'number', values: Float64Array.from(nums, (x) => Number(x.text)), float };
  }
  throw new NotForEngine('mixed labels');
}

function seedOf(v: J | undefined): bigint | bigint[] {
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? BigInt(x) : int(x)!));
  if (typeof v === 'string') return BigInt(v);
  const b = int(v);
  if (b === null) throw new NotForEngine('seed required');
  return b;
}

const list = (a: Indices): number[] => Array.from(a);

/** Runs one request through the engine and builds the response body the contract describes. */
function run(c: Case): Record<string, unknown> {
  const r = c.request;
  const rs = r.random_state === undefined ? null : int(r.random_state);
  const echo = rs === null ? null : Number(rs);
  if (c.endpoint === '/v1/sklearn/train_test_split') {
    const shuffle = r.shuffle === undefined ? true : r.shuffle;
    if (typeof shuffle !== 'boolean') throw new NotForEngine('shuffle is a boolean');
    if (shuffle && rs === null) throw new NotForEngine('unseeded shuffle');
    const f = trainTestSplit({
      n_samples: safeInt(r.n_samples),
      test_size: pyNumber(r.test_size),
      train_size: pyNumber(r.train_size),
      random_state: rs,
      shuffle,
      stratify: labels(r.stratify),
      sklearn_version: (r.sklearn_version as SklearnVersion | undefined) ?? null,
    });
    return { random_state: echo, train: list(f.train), test: list(f.test) };
  }
  if (c.endpoint === '/v1/sklearn/cv_split') {
    const res = cvSplit({
      splitter: r.splitter as SplitterName,
      n_samples: safeInt(r.n_samples),
      n_splits: pyNumber(r.n_splits),
      n_repeats: pyNumber(r.n_repeats),
      shuffle: (r.shuffle as boolean | undefined) ?? null,
      random_state: rs,
      test_size: pyNumber(r.test_size),
      train_size: pyNumber(r.train_size),
      y: labels(r.y),
      groups: labels(r.groups),
      sklearn_version: (r.sklearn_version as SklearnVersion | undefined) ?? null,
    });
    return {
      random_state: echo,
      folds: res.folds.map((f) => ({ train: list(f.train), test: list(f.test) })),
      warnings: res.warnings,
    };
  }
  if (c.endpoint === '/v1/numpy/permutation') {
    const seed = seedOf(r.seed);
    const generator = (r.generator as 'RandomState' | 'default_rng' | undefined) ?? 'RandomState';
    const n = int(r.n);
    if (n === null || n < 0n) throw new NotForEngine('n is an integer >= 0');
    if (n > 10_000_000n) throw new LimitError('MAX_SAMPLES', 10_000_000, Number(n));
    const p = numpyPermutation({ seed, n: Number(n), generator });
    return {
      seed: Array.isArray(seed) ? seed.map(String) : String(seed),
      generator,
      permutation: list(p),
    };
  }
  throw new NotForEngine(`endpoint ${c.endpoint}`);
}

for (const file of FILES) {
  const cases = readCases(file);
  describe(`engine parity ${file.split('/').pop()} (${cases.length} cases)`, () => {
    for (const c of cases) {
      const statuses = 'status' in c.expect ? ([] as unknown[]).concat(c.expect.status) : [200];
      const policyOnly = statuses.length === 1 && statuses[0] === 400;
      test(c.id, { skip: policyOnly ? 'a 400 of the schema (test/http/routes/sklearn.test.ts)' : false }, () => {
        if (statuses.includes(200)) {
          const got = run(c);
          const diff = firstDifference(got, c.expect);
          assert.equal(diff, null, diff ?? '');
          return;
        }
        let thrown: unknown;
        try {
          run(c);
        } catch (e) {
          thrown = e;
        }
        assert.ok(thrown !== undefined, `expected HTTP ${statuses.join('/')}, the engine answered`);
        if (thrown instanceof NotForEngine) {
          assert.ok(statuses.includes(400), `expected ${statuses.join('/')}, got a schema refusal: ${thrown.message}`);
          return;
        }
        if (thrown instanceof LimitError) {
          assert.ok(statuses.includes(413), `expected ${statuses.join('/')}, got 413: ${thrown.message}`);
          return;
        }
        assert.ok(thrown instanceof EngineError, `expected a library refusal, got ${String(thrown)}`);
        assert.ok(statuses.includes(422), `expected ${statuses.join('/')}, got 422: ${thrown.message}`);
        const says = c.library_says ?? c.sklearn_says;
        if (says !== undefined) {
          const [pyType, ...rest] = says.split(': ');
          assert.equal(thrown.message, rest.join(': '));
          assert.equal(thrown.pyType, pyType);
        }
      });
    }
  });
}
