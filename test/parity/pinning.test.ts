import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { useApp } from '../helpers/app.js';
import { firstDifference, isPin, type Pin } from '../helpers/compare.js';
import { FIXTURE_DIR, readCases, requestBody, type GoldenCase } from '../helpers/fixtures.js';

// Big answers are pinned by the sha256 of canonical bytes (test/parity/fixtures/pinning.py): a replay must
// still see every number. Each test replays a pinned case, checks it passes, then changes one number of the
// service's answer (an index by one, a float32 by one ulp) and checks the replay fails naming the pinned array.

const { app } = useApp({ MAX_ELEMENTS: 50_000_000, BODY_LIMIT_BYTES: 1_048_576 });

/** Paths of the pins inside an answer, in document order. */
function pins(v: unknown, path: Array<string | number> = [], out: Array<{ path: Array<string | number>; pin: Pin }> = []) {
  if (isPin(v)) out.push({ path, pin: v });
  else if (Array.isArray(v)) v.forEach((x, i) => pins(x, [...path, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) pins(x, [...path, k], out);
  return out;
}

function at(v: unknown, path: Array<string | number>): unknown {
  return path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], v);
}

/** The innermost array holding the first value of a nested array, and that value's index. */
function firstLeaf(v: unknown[]): { arr: unknown[]; i: number } {
  let arr = v;
  while (Array.isArray(arr[0])) arr = arr[0] as unknown[];
  return { arr, i: Math.floor(arr.length / 2) };
}

function nextFloat32Up(x: number): number {
  const f = new Float32Array([x]);
  const u = new Uint32Array(f.buffer);
  u[0] = x >= 0 ? u[0]! + 1 : u[0]! - 1;
  return f[0]!;
}

async function answer(c: GoldenCase): Promise<unknown> {
  const r = await app().inject({ method: 'POST', url: c.endpoint, headers: { 'content-type': 'application/json' }, payload: requestBody(c) });
  assert.equal(r.statusCode, 200, r.body.slice(0, 300));
  return JSON.parse(r.body);
}

function firstPinned(file: string, form: (bytes: string) => boolean): GoldenCase & { pinPath: Array<string | number> } {
  for (const c of readCases(join(FIXTURE_DIR, file))) {
    const p = pins(c.expect).find((x) => form(x.pin.$bytes));
    if (p && c.raw_body === undefined) return { ...c, pinPath: p.path };
  }
  throw new Error(`${file} holds no pinned answer`);
}

describe('pinned answers still see every number', () => {
  for (const [file, form, label] of [
    ['data.jsonl', (b: string) => b === 'json', 'DataLoader indices (json form)'],
    ['sklearn.jsonl', (b: string) => b === 'json', 'sklearn/numpy indices (json form)'],
    ['modules.jsonl', (b: string) => b === 'float32', 'a module state_dict (float32 bytes)'],
    ['tensors.jsonl', (b: string) => b === 'float32', 'a tensor (float32 bytes)'],
  ] as const) {
    test(`${label}: ${file}`, async () => {
      const c = firstPinned(file, form);
      const body = await answer(c);
      assert.equal(firstDifference(body, c.expect), null, `${c.id} replays`);
      const values = at(body, c.pinPath) as unknown[];
      const { arr, i } = firstLeaf(values);
      const x = arr[i] as number;
      arr[i] = form('json') ? x + 1 : nextFloat32Up(x);
      const d = firstDifference(body, c.expect);
      assert.ok(d !== null, `${c.id}: one changed number must fail the replay`);
      assert.match(d, /sha256 of the \d+ values/);
      assert.ok(d.startsWith('$.' + c.pinPath.join('.').replace(/\.(\d+)(?=\.|$)/g, '[$1]')), d);
      arr[i] = x;
      assert.equal(firstDifference(body, c.expect), null, 'restored');
    });
  }

  test('a pinned array of another length is refused by its count, not only its digest', () => {
    const c = firstPinned('data.jsonl', (b) => b === 'json');
    const pin = at(c.expect, c.pinPath) as Pin;
    const d = firstDifference([1, 2, 3], pin, '$.x');
    assert.equal(d, `$.x: expected ${pin.$count} values, got 3`);
  });
});
