import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { describe, test } from 'node:test';
import { useApp } from './helpers/app.js';
import { firstDifference } from './helpers/compare.js';
import { fixtureFiles, readCases, requestBody } from './helpers/fixtures.js';
import { sha256OfData } from './helpers/bytes.js';

// Golden-vector parity through the HTTP layer: every committed fixture (written by real torch /
// sklearn with the generator scripts beside them) is posted to the app and compared bit for bit.
const { app } = useApp({ MAX_ELEMENTS: 50_000_000, BODY_LIMIT_BYTES: 1_048_576 });

for (const file of fixtureFiles()) {
  const cases = readCases(file).filter((c) => typeof c.endpoint === 'string' && c.expect !== undefined);
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
        const diff = firstDifference(body, expect);
        assert.equal(diff, null, diff ?? '');
      });
    }
  });
}
