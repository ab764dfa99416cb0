import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { describe, test } from 'node:test';
import { useApp } from './helpers/app.js';
import { firstDifference } from './helpers/compare.js';
import { fixtureFiles, readCases, requestBody } from './helpers/fixtures.js';

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
        if ('status' in expect && Object.keys(expect).length === 1) {
          const allowed = Array.isArray(expect.status) ? expect.status : [expect.status];
          assert.ok(allowed.includes(r.statusCode), `expected HTTP ${allowed.join(' or ')}, got ${r.statusCode}: ${r.body.slice(0, 300)}`);
          assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
          const says = (c.torch_says ?? c.library_says)?.replace(/^[A-Za-z]*(Error|Exception): /, '');
          if (says !== undefined && r.statusCode === 422) {
            const body = JSON.parse(r.body) as { detail: string };
            assert.ok(body.detail.includes(says), `detail ${JSON.stringify(body.detail)} does not carry the library's message ${JSON.stringify(says)}`);
          }
          return;
        }
        assert.equal(r.statusCode, 200, r.body.slice(0, 500));
        const diff = firstDifference(JSON.parse(r.body), expect);
        assert.equal(diff, null, diff ?? '');
      });
    }
  });
}
