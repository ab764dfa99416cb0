import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { negotiate, parseAccept } from '../../src/http/negotiate.js';
import { useApp } from '../helpers/app.js';

const JSON_T = { name: 'json', type: 'application/json' };
const ST = { name: 'safetensors', type: 'application/vnd.safetensors' };
const ND = { name: 'ndjson', type: 'application/x-ndjson' };

describe('negotiate (RFC 9110 12.5.1)', () => {
  const offers = [JSON_T, ST, ND];
  const cases: Array<[string | undefined, unknown, string | null]> = [
    [undefined, undefined, 'json'],
    ['', undefined, 'json'],
    ['*/*', undefined, 'json'],
    ['*', undefined, 'json'],
    ['application/*', undefined, 'json'],
    ['application/vnd.safetensors', undefined, 'safetensors'],
    ['APPLICATION/VND.SAFETENSORS', undefined, 'safetensors'],
    ['application/json;q=0.5, application/vnd.safetensors;q=0.9', undefined, 'safetensors'],
    ['application/vnd.safetensors;q=0.9, application/json', undefined, 'json'],
    ['application/x-ndjson;q=0.5, application/json', undefined, 'json'],
    ['application/x-ndjson, application/json;q=0.1', undefined, 'ndjson'],
    ['application/x-ndjson;q=0, application/json', undefined, 'json'],
    // equal weights: the more specific range, then the range written first, then the offer order
    ['application/vnd.safetensors, */*', undefined, 'safetensors'],
    ['*/*, application/x-ndjson', undefined, 'ndjson'],
    ['application/x-ndjson, application/json', undefined, 'ndjson'],
    ['application/json, application/x-ndjson', undefined, 'json'],
    ['application/*', undefined, 'json'],
    ['*/*;q=0.8, application/*;q=0.8', undefined, 'json'],
    // the most specific range decides: application/json;q=0 beats */*
    ['application/json;q=0, */*', undefined, 'safetensors'],
    ['application/*;q=0.2, application/x-ndjson;q=0.3', undefined, 'ndjson'],
    ['text/html', undefined, null],
    ['application/json;q=0', undefined, null],
    ['*/*;q=0', undefined, null],
    // malformed ranges and weights are ignored
    ['json, application/x-ndjson', undefined, 'ndjson'],
    ['application/json;q=2, application/x-ndjson;q=0.5', undefined, 'ndjson'],
    ['application/json;q=abc', undefined, null],
    // ?format= overrides Accept; an unknown format is not acceptable
    ['application/json', 'ndjson', 'ndjson'],
    [undefined, 'safetensors', 'safetensors'],
    [undefined, 'xml', null],
    [undefined, ['json'], null],
  ];
  for (const [accept, format, expected] of cases) {
    test(`Accept ${JSON.stringify(accept)}, format ${JSON.stringify(format)} → ${expected}`, () => {
      assert.equal(negotiate(accept, format, offers), expected);
    });
  }
  test('parameters other than q do not change the match', () => {
    assert.deepEqual(parseAccept('application/json; charset=utf-8; q=0.4'), [{ type: 'application', subtype: 'json', q: 0.4 }]);
    assert.equal(negotiate('application/json; charset=utf-8', undefined, [JSON_T]), 'json');
  });
});

describe('the computing routes negotiate once: JSON, safetensors, NDJSON, 406', () => {
  const { app } = useApp();
  const post = (url: string, body: unknown, accept?: string) =>
    app().inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...(accept === undefined ? {} : { accept }) }, payload: JSON.stringify(body) });
  const linear = { seed: 0, module: { type: 'Linear', in_features: 2, out_features: 1 } };

  test('q-values choose the representation; every answer varies on Accept', async () => {
    const st = await post('/v1/modules', linear, 'application/json;q=0.5, application/vnd.safetensors;q=0.9');
    assert.equal(st.statusCode, 200);
    assert.equal(st.headers['content-type'], 'application/vnd.safetensors');
    assert.equal(st.headers.vary, 'Accept');
    const json = await post('/v1/modules', linear, 'application/vnd.safetensors;q=0.5, application/json');
    assert.match(String(json.headers['content-type']), /^application\/json/);
    assert.notEqual(json.headers.etag, st.headers.etag);
    const split = await post('/v1/random_split', { seed: 0, dataset_size: 4, lengths: [2, 2] }, '*/*');
    assert.equal(split.statusCode, 200);
    assert.equal(split.headers.vary, 'Accept');
    const nd = await post('/v1/dataloader', { seed: 0, dataset_size: 4 }, 'application/json;q=0.1, application/x-ndjson');
    assert.match(String(nd.headers['content-type']), /^application\/x-ndjson/);
  });

  test('nothing acceptable is 406 problem+json naming what the route answers', async () => {
    for (const [url, accept, names] of [
      ['/v1/modules', 'text/html', /application\/json, application\/vnd\.safetensors/],
      ['/v1/random_split', 'application/vnd.safetensors', /application\/json \(or \?format= json\)/],
      ['/v1/dataloader', 'application/json;q=0', /application\/x-ndjson/],
    ] as const) {
      const body = url === '/v1/modules' ? linear : url === '/v1/dataloader' ? { seed: 0, dataset_size: 4 } : { seed: 0, dataset_size: 4, lengths: [2, 2] };
      const r = await post(url, body, accept);
      assert.equal(r.statusCode, 406, `${url} ${r.body}`);
      assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
      assert.equal(r.headers.vary, 'Accept');
      assert.equal(r.headers.etag, undefined);
      const p = JSON.parse(r.body) as { status: number; detail: string };
      assert.equal(p.status, 406);
      assert.match(p.detail, names);
    }
    const bad = await app().inject({ method: 'POST', url: '/v1/tensors?format=xml', headers: { 'content-type': 'application/json' }, payload: '{"seed":0,"op":"rand","size":[2]}' });
    assert.equal(bad.statusCode, 406);
    assert.match(JSON.parse(bad.body).detail, /\?format= must be one of json, safetensors/);
  });
});
