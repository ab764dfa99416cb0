import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { Generator } from '../../../src/engine/torch/generator/generator.js';
import { aheapsort, argsort } from '../../../src/engine/numpy/argsort.js';
import { pyFloatRepr } from '../../../src/engine/numpy/pyFormat.js';
import { PCG64 } from '../../../src/engine/numpy/pcg64.js';
import { RandomState } from '../../../src/engine/numpy/randomState.js';
import { SeedSequence } from '../../../src/engine/numpy/seedSequence.js';
import { compareCodePoints, encodeLabels } from '../../../src/engine/numpy/unique.js';
import { approximateMode } from '../../../src/engine/sklearn/approximateMode.js';
import { validateShuffleSplit } from '../../../src/engine/sklearn/validateShuffleSplit.js';
import { pyFloat, pyInt } from '../../../src/engine/sklearn/types.js';

// numpy's draws as the splitters use them, against sklearn-numpy-draws.jsonl (written by gen_sklearn.py
// with numpy 1.24 / sklearn 1.2.1): MT19937 words after numpy's seeding, random_sample, the words a
// permutation consumes, SeedSequence + PCG64, argsort's tie order, Python's float repr, _approximate_mode.

const here = dirname(fileURLToPath(import.meta.url));
interface Draw {
  id: string;
  kind: string;
  args: Record<string, unknown>;
  expect: unknown;
}
const draws = readFileSync(join(here, '..', '..', 'parity', 'fixtures', 'sklearn-numpy-draws.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Draw);

/** Index of the first differing element, with both values, or null. */
function firstDiff(a: ArrayLike<unknown>, e: ArrayLike<unknown>): string | null {
  if (a.length !== e.length) return `length ${a.length}, expected ${e.length}`;
  for (let i = 0; i < e.length; i++) if (a[i] !== e[i]) return `element ${i}: ${String(a[i])}, expected ${String(e[i])}`;
  return null;
}

const seedOf = (s: unknown): number | number[] => s as number | number[];

describe('numpy draws against numpy 1.24 (sklearn-numpy-draws.jsonl)', () => {
  for (const d of draws) {
    test(d.id, () => {
      const a = d.args;
      switch (d.kind) {
        case 'mt_words': {
          const rs = new RandomState(seedOf(a.seed));
          const got = Array.from({ length: a.n as number }, () => rs.nextUint32());
          assert.equal(firstDiff(got, d.expect as number[]), null);
          break;
        }
        case 'random_sample': {
          const rs = new RandomState(seedOf(a.seed));
          const got = Array.from({ length: a.n as number }, () => pyFloatRepr(rs.randomSample()));
          assert.equal(firstDiff(got, d.expect as string[]), null);
          break;
        }
        case 'permutation_then_word': {
          const rs = new RandomState(seedOf(a.seed));
          const e = d.expect as { permutation: number[]; next: number };
          assert.equal(firstDiff(Array.from(rs.permutation(a.n as number)), e.permutation), null);
          assert.equal(rs.nextUint32(), e.next, 'words consumed by the permutation');
          break;
        }
        case 'seed_sequence': {
          const ent = a.entropy as string | string[];
          const entropy = Array.isArray(ent) ? ent.map((x) => BigInt(x)) : BigInt(ent);
          const e = d.expect as { generate_state: number[]; state: string; inc: string; raw: string[] };
          assert.equal(firstDiff(Array.from(new SeedSequence(entropy).generateState(8)), e.generate_state), null);
          const bg = new PCG64(entropy);
          assert.equal(bg.state.state.toString(), e.state);
          assert.equal(bg.state.inc.toString(), e.inc);
          const raw = Array.from({ length: e.raw.length }, () => bg.nextUint64().toString());
          assert.equal(firstDiff(raw, e.raw), null);
          break;
        }
        case 'argsort': {
          const v = a.v as number[];
          const e = d.expect as { quicksort: number[]; heapsort: number[] };
          assert.equal(firstDiff(Array.from(argsort(v)), e.quicksort), null, 'quicksort (introsort) order');
          const t = Int32Array.from(v, (_, i) => i);
          aheapsort(v, t, 0, v.length);
          assert.equal(firstDiff(Array.from(t), e.heapsort), null, 'heapsort order');
          break;
        }
        case 'pyrepr':
          assert.equal(pyFloatRepr(a.x as number), d.expect);
          break;
        case 'approximate_mode': {
          const rs = new RandomState(a.seed as number);
          const e = d.expect as { result: number[]; next: number };
          const got = approximateMode(a.counts as number[], a.n_draws as number, rs);
          assert.equal(firstDiff(Array.from(got), e.result), null);
          assert.equal(rs.nextUint32(), e.next, 'words consumed by the tie-breaking permutations');
          break;
        }
        default:
          assert.fail(`unknown kind ${d.kind}`);
      }
    });
  }
});

describe('numpy engine properties', () => {
  test('RandomState(s) and torch.manual_seed(s) give one MT19937 stream for s < 2^32', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (s) => {
        const rs = new RandomState(s);
        const g = new Generator(BigInt(s));
        for (let i = 0; i < 700; i++) if (rs.nextUint32() !== g.random()) return false;
        return true;
      }),
      { numRuns: 30 },
    );
  });

  test('the contract example: RandomState(42).permutation(10)', () => {
    assert.deepEqual(Array.from(new RandomState(42).permutation(10)), [8, 1, 5, 0, 7, 2, 9, 4, 3, 6]);
  });

  test('a permutation is a permutation, and the same seed gives the same one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 3000 }), (s, n) => {
        const p = new RandomState(s).permutation(n);
        const q = new RandomState(s).permutation(n);
        const seen = new Uint8Array(n);
        for (const x of p) seen[x] = 1;
        return seen.every((b) => b === 1) && p.every((x, i) => x === q[i]);
      }),
      { numRuns: 50 },
    );
  });

  test('argsort sorts, and is stable up to 16 elements', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 300 }), (v) => {
        const o = argsort(v);
        for (let i = 1; i < o.length; i++) {
          if (v[o[i - 1]!]! > v[o[i]!]!) return false;
          if (v.length <= 16 && v[o[i - 1]!] === v[o[i]!] && o[i - 1]! > o[i]!) return false;
        }
        return true;
      }),
    );
  });

  test('labels: code point order (U+FFFF before U+1F600), trailing NUL dropped, -0 is 0', () => {
    assert.ok(compareCodePoints('\uffff', '\u{1F600}') < 0);
    assert.ok('\uffff' > '\u{1F600}', 'JavaScript would order them the other way');
    const s = encodeLabels({ kind: 'string', values: ['\u{1F600}', 'a\u0000', '\uffff', 'a'] });
    assert.deepEqual(Array.from(s.inverse), [2, 0, 1, 0]);
    const n = encodeLabels({ kind: 'number', values: [0, -0, 1.5, -3], float: true });
    assert.deepEqual(Array.from(n.inverse), [1, 1, 2, 0]);
    assert.deepEqual(Array.from(n.counts), [1, 2, 1]);
  });

  test('_validate_shuffle_split rounds in float64 as sklearn', () => {
    assert.deepEqual(validateShuffleSplit(100, pyFloat(0.07), null, 0.25), { nTrain: 92, nTest: 8 });
    assert.deepEqual(validateShuffleSplit(100, null, pyFloat(0.29), 0.25), { nTrain: 28, nTest: 72 });
    assert.deepEqual(validateShuffleSplit(10, pyInt(1), null, 0.25), { nTrain: 9, nTest: 1 });
    assert.throws(() => validateShuffleSplit(10, pyFloat(1), null, 0.25), /test_size=1\.0 should be/);
  });

  test('seeds numpy refuses', () => {
    assert.throws(() => new RandomState(2 ** 32), /Seed must be between 0 and 2\*\*32 - 1/);
    assert.throws(() => new RandomState(-1), /Seed must be between 0 and 2\*\*32 - 1/);
    assert.throws(() => new RandomState([]), /Seed must be non-empty/);
    assert.throws(() => new PCG64(-1n), /expected non-negative integer/);
  });
});
