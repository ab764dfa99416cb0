import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, test } from 'node:test';
import { useApp } from '../helpers/app.js';
import { firstDifference } from '../helpers/compare.js';
import { FIXTURE_DIR, fixtureFiles, readCases, requestBody, type GoldenCase } from '../helpers/fixtures.js';
import { sha256OfData } from '../helpers/bytes.js';

// Golden-vector parity through the HTTP layer: every committed fixture (written by real torch /
// sklearn with the generator scripts beside them) is posted to the app and compared bit for bit.
const HTTP_MAX_ELEMENTS = 2_000_000;

/** Values a case's answer holds, from the shapes it expects. */
function expectedElements(c: { expect: unknown }): number {
  let n = 0;
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (Array.isArray(o.shape) && typeof o.dtype === 'string') n += (o.shape as number[]).reduce((a, b) => a * b, 1);
      else Object.values(o).forEach(visit);
    }
  };
  visit(c.expect);
  return n;
}

const { app } = useApp({ MAX_ELEMENTS: 50_000_000, BODY_LIMIT_BYTES: 1_048_576 });

// torch 2.14.1 answers every 2.13 case exactly as 2.13.0 does (gen_torch_2_14_equivalence.py ran both
// oracles' generators and lists the cases that agree): those are replayed again with torch_version "2.14".
const equivalence = JSON.parse(readFileSync(join(FIXTURE_DIR, 'torch-2.14-equivalence.json'), 'utf8')) as {
  files: Record<string, { agree: string[]; differ: string[] }>;
};

/** The 2.13 cases that the 2.14 oracle answered identically, asked with torch_version "2.14". */
function as214(file: string, cases: GoldenCase[]): GoldenCase[] {
  const agree = new Set(equivalence.files[basename(file)]?.agree ?? []);
  return cases
    .filter((c) => agree.has(c.id) && typeof c.request_text === 'string' && /"torch_version":\s*"2\.13"/.test(c.request_text))
    .map((c) => ({ ...c, id: `${c.id} (torch_version 2.14)`, request_text: c.request_text!.replace(/("torch_version":\s*)"2\.13"/, '$1"2.14"') }));
}

test('the 2.14 equivalence list covers every 2.13 fixture file and every case in it', () => {
  for (const file of fixtureFiles().filter((f) => basename(f).endsWith('-2.13.jsonl'))) {
    const listed = equivalence.files[basename(file)];
    assert.ok(listed, `${basename(file)} is not in torch-2.14-equivalence.json: rerun gen_torch_2_14_equivalence.py`);
    assert.deepEqual([...listed.agree, ...listed.differ].sort(), readCases(file).map((c) => c.id).sort());
  }
});

for (const file of fixtureFiles()) {
  // Answers of more than HTTP_MAX_ELEMENTS values are replayed by the engine suites instead
  // (modules.engine, tensors.engine): parsing hundreds of MB of JSON here would only test JSON.parse.
  const own = readCases(file).filter((c) => typeof c.endpoint === 'string' && c.expect !== undefined && expectedElements(c) <= HTTP_MAX_ELEMENTS);
  const cases = [...own, ...as214(file, own)];
  describe(`parity ${basename(file)} (${cases.length} cases)`, () => {
    for (const c of cases) {
      test(c.id, async () => {
        const r = await app().inject({
          method: 'POST',
          url: c.endpoint,
          headers: { 'content-type': 'application/json' },
          payload: requestBody(c),
        });
        const expect = c.expect as Record<string, unknown>;
        if ('status' in expect && Object.keys(expect).every((k) => k === 'status' || k === 'detail')) {
          const allowed = Array.isArray(expect.status) ? expect.status : [expect.status];
          assert.ok(allowed.includes(r.statusCode), `expected HTTP ${allowed.join(' or ')}, got ${r.statusCode}: ${r.body.slice(0, 300)}`);
          assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
          const says = (c.torch_says ?? c.library_says ?? (expect.detail as string | undefined))?.replace(/^[A-Za-z]*(Error|Exception): /, '');
          if (says !== undefined && r.statusCode === 422) {
            const body = JSON.parse(r.body) as { detail: string };
            assert.ok(body.detail.includes(says), `detail ${JSON.stringify(body.detail)} does not carry the library's message ${JSON.stringify(says)}`);
          }
          return;
        }
        assert.equal(r.statusCode, 200, r.body.slice(0, 500));
        const body = JSON.parse(r.body) as Record<string, unknown>;
        const sd = expect.state_dict as Record<string, { data?: unknown; dtype: string; shape: number[] }> | undefined;
        if (sd && c.sha256 !== null && typeof c.sha256 === 'object') {
          // big state_dicts are pinned by the sha256 of each tensor's canonical little-endian bytes
          const got = body.state_dict as Record<string, { shape: number[]; dtype: string; data: unknown }>;
          assert.deepEqual(Object.keys(got), Object.keys(sd), 'state_dict keys in order');
          for (const [k, t] of Object.entries(sd)) {
            assert.deepEqual(got[k]!.shape, t.shape, `${k} shape`);
            assert.equal(got[k]!.dtype, t.dtype, `${k} dtype`);
            const digest: string | undefined = (c.sha256 as Record<string, string>)[k];
            if (t.data === undefined && digest) assert.equal(sha256OfData(got[k]!.data, t.dtype), digest, `sha256 of ${k}`);
            else assert.equal(firstDifference(got[k]!.data, t.data, `$.state_dict.${k}.data`), null);
          }
          return;
        }
        const tensor = expect.tensor as { data?: unknown; dtype: string } | undefined;
        if (tensor && tensor.data === undefined && typeof c.sha256 === 'string') {
          // big tensors are pinned by the sha256 of their canonical little-endian bytes
          const got = body.tensor as { data: unknown; dtype: string };
          assert.equal(sha256OfData(got.data, got.dtype), c.sha256, 'sha256 of the tensor bytes');
          delete body.tensor;
          const rest = { ...expect };
          delete rest.tensor;
          const d = firstDifference(body, rest);
          assert.equal(d, null, d ?? '');
          return;
        }
        if (c.category === 'init_orthogonal') {
          // orthogonal_'s QR depends on the LAPACK build: exact draws, values within float32 rounding
          const got = (body.tensor as { data: unknown }).data;
          const want = (expect.tensor as { data: unknown }).data;
          const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);
          const [a, b] = [flat(got), flat(want)];
          assert.equal(a.length, b.length);
          const worst = Math.max(...a.map((x, i) => Math.abs(x - b[i]!)));
          assert.ok(worst <= 2e-6, `orthogonal_ differs by ${worst}`);
          return;
        }
        const diff = firstDifference(body, expect);
        assert.equal(diff, null, diff ?? '');
      });
    }
  });
}
