import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import request from 'supertest';
import { useApp } from '../helpers/app.js';

// Every status code of ../shared/CONTRACT.md for the vertical slice, through supertest.
const { app } = useApp({ MAX_ELEMENTS: 1_000_000, BODY_LIMIT_BYTES: 65_536 });
const linear = { seed: 0, module: { type: 'Linear', in_features: 2, out_features: 1 } };

describe('200 with torch numbers and cache headers', () => {
  test('Linear(2, 1) seed 0 is the blog post numbers', async () => {
    const r = await request(app().server).post('/v1/modules').send(linear).expect(200);
    assert.match(r.headers['content-type'], /^application\/json/);
    assert.deepEqual(r.body, {
      seed: '0',
      state_dict: {
        weight: { shape: [1, 2], dtype: 'float32', data: [[-0.005293981172144413, 0.37932288646698]] },
        bias: { shape: [1], dtype: 'float32', data: [-0.5819807648658752] },
      },
    });
    assert.match(r.headers.etag, /^"[0-9a-f]{64}"$/);
    assert.equal(r.headers['cache-control'], 'public, max-age=31536000, immutable');
  });

  test('the second identical request is a cache HIT with the same body and ETag', async () => {
    const body = { seed: 7, dataset_size: 10, batch_size: 3, shuffle: true, epochs: 2 };
    const a = await request(app().server).post('/v1/dataloader').send(body).expect(200);
    const b = await request(app().server).post('/v1/dataloader').send(body).expect(200);
    assert.equal(a.headers['x-cache'], 'MISS');
    assert.equal(b.headers['x-cache'], 'HIT');
    assert.equal(a.headers.etag, b.headers.etag);
    assert.deepEqual(a.body, b.body);
  });

  test('key order, "seed": 0 vs "0" and written-out defaults give one ETag', async () => {
    const variants = [
      { seed: 0, dataset_size: 10, lengths: [0.3, 0.7] },
      { lengths: [0.3, 0.7], dataset_size: 10, seed: '0' },
      { seed: '0', dataset_size: 10, lengths: [0.3, 0.7], generator_seed: null, cpu_kernel: 'avx2', return_rng_state: false },
      { seed: '18446744073709551616'.slice(0, 1) === '1' ? 0 : 0, dataset_size: 10, lengths: [0.3, 0.7] },
    ];
    const tags = new Set<string>();
    for (const v of variants) {
      const r = await request(app().server).post('/v1/random_split').send(v).expect(200);
      tags.add(r.headers.etag);
      assert.deepEqual(r.body.subsets, [[4, 1, 7], [5, 3, 9, 0, 8, 6, 2]]);
    }
    assert.equal(tags.size, 1);
  });

  test('a different endpoint or seed gives a different ETag', async () => {
    const a = await request(app().server).post('/v1/modules').send(linear).expect(200);
    const b = await request(app().server).post('/v1/modules').send({ ...linear, seed: 1 }).expect(200);
    assert.notEqual(a.headers.etag, b.headers.etag);
  });

  test('negative and 64-bit seeds echo as uint64 strings; only the low 32 bits reach the engine', async () => {
    const r1 = await request(app().server).post('/v1/modules').send({ ...linear, seed: -1 }).expect(200);
    assert.equal(r1.body.seed, '18446744073709551615');
    const r2 = await request(app().server).post('/v1/modules').send({ ...linear, seed: '4294967296' }).expect(200);
    const r3 = await request(app().server).post('/v1/modules').send({ ...linear, seed: '9223372036854775808' }).expect(200);
    const r0 = await request(app().server).post('/v1/modules').send(linear).expect(200);
    assert.equal(r2.body.seed, '4294967296');
    assert.deepEqual(r2.body.state_dict, r0.body.state_dict);
    assert.deepEqual(r3.body.state_dict, r0.body.state_dict);
  });
});

describe('304', () => {
  test('If-None-Match with the ETag answers 304 with no body', async () => {
    const a = await request(app().server).post('/v1/modules').send(linear).expect(200);
    const r = await request(app().server).post('/v1/modules').set('If-None-Match', a.headers.etag).send(linear).expect(304);
    assert.equal(r.text, '');
    assert.equal(r.headers.etag, a.headers.etag);
  });
  test('a different ETag gets the full answer', async () => {
    await request(app().server).post('/v1/modules').set('If-None-Match', '"abc"').send(linear).expect(200);
  });
});

describe('400: not JSON or not the schema, every offending field located', () => {
  test('truncated JSON', async () => {
    const r = await request(app().server).post('/v1/modules').set('content-type', 'application/json').send('{"seed": 0, "module": {').expect(400);
    assert.match(r.headers['content-type'], /^application\/problem\+json/);
    assert.equal(r.body.status, 400);
    assert.equal(r.body.title, 'Bad Request');
  });
  test('missing and wrong fields are each listed with their path', async () => {
    const r = await request(app().server).post('/v1/dataloader').send({ seed: 'x', batch_size: 0, shuffle: 'yes' }).expect(400);
    const paths = r.body.errors.map((e: { path: string }) => e.path).sort();
    assert.deepEqual(paths, ['batch_size', 'dataset_size', 'seed', 'shuffle']);
  });
  test('a negative size is 400 with its path', async () => {
    const r = await request(app().server).post('/v1/dataloader').send({ seed: 0, dataset_size: -1 }).expect(400);
    assert.equal(r.body.errors[0].path, 'dataset_size');
  });
  test('seeds outside [-2^63, 2^64 - 1] and non-integral numbers are refused', async () => {
    for (const seed of ['18446744073709551616', '-9223372036854775809', 1.5]) {
      const r = await request(app().server).post('/v1/modules').send({ ...linear, seed }).expect(400);
      assert.equal(r.body.errors[0].path, 'seed');
    }
    const r = await request(app().server).post('/v1/modules').set('content-type', 'application/json').send(`{"seed": 18446744073709551616, "module": {"type": "Linear", "in_features": 1, "out_features": 1}}`).expect(400);
    assert.equal(r.body.errors[0].path, 'seed');
  });
  test('integers beyond 2^53 written as JSON numbers are exact, as Python writes them', async () => {
    const body = (seed: string): string => `{"seed": ${seed}, "module": {"type": "Linear", "in_features": 2, "out_features": 1}}`;
    const asNumber = await request(app().server).post('/v1/modules').set('content-type', 'application/json').send(body('9007199254740993')).expect(200);
    const asString = await request(app().server).post('/v1/modules').set('content-type', 'application/json').send(body('"9007199254740993"')).expect(200);
    assert.equal(asNumber.body.seed, '9007199254740993');
    assert.deepEqual(asNumber.body, asString.body);
  });
  test('unknown fields are refused', async () => {
    const r = await request(app().server).post('/v1/random_split').send({ seed: 0, dataset_size: 4, lengths: [2, 2], shufle: true }).expect(400);
    assert.ok(r.body.detail.includes('shufle'));
  });
  test('__proto__ keys are refused', async () => {
    await request(app().server)
      .post('/v1/modules')
      .set('content-type', 'application/json')
      .send('{"seed": 0, "module": {"type": "Linear", "in_features": 1, "out_features": 1}, "__proto__": {"x": 1}}')
      .expect(400);
  });
});

describe('413: over a named limit, with the limit and its value', () => {
  test('elements computed', async () => {
    const r = await request(app().server).post('/v1/dataloader').send({ seed: 0, dataset_size: 1000, batch_size: 3, epochs: 1_000_000_000 }).expect(413);
    assert.match(r.body.detail, /MAX_ELEMENTS is 1000000/);
  });
  test('body size', async () => {
    const r = await request(app().server)
      .post('/v1/modules')
      .set('content-type', 'application/json')
      .send(`{"seed": "${'1'.repeat(100_000)}"}`)
      .expect(413);
    assert.match(r.body.detail, /BODY_LIMIT_BYTES is 65536/);
  });
  test('module parameters', async () => {
    const r = await request(app().server).post('/v1/modules').send({ seed: 0, module: { type: 'Linear', in_features: 4096, out_features: 4096 } }).expect(413);
    assert.match(r.body.detail, /MAX_ELEMENTS/);
  });
});

describe('415, 404, 422', () => {
  test('wrong content type', async () => {
    const r = await request(app().server).post('/v1/modules').set('content-type', 'text/plain').send('hello').expect(415);
    assert.equal(r.body.status, 415);
  });
  test('unknown route', async () => {
    const r = await request(app().server).post('/v1/nothing').send({}).expect(404);
    assert.equal(r.body.status, 404);
  });
  test('random_split lengths that do not add up: torch message', async () => {
    const r = await request(app().server).post('/v1/random_split').send({ seed: 0, dataset_size: 10, lengths: [5, 6] }).expect(422);
    assert.equal(r.body.detail, 'Sum of input lengths does not equal the length of the input dataset!');
  });
  test('negative integer lengths, which torch accepts silently, are refused', async () => {
    const r = await request(app().server).post('/v1/random_split').send({ seed: 0, dataset_size: 10, lengths: [-1, 11] }).expect(422);
    assert.equal(r.body.errors[0].path, 'lengths.0');
  });
  test('an empty dataset with shuffle is refused as torch refuses it', async () => {
    const r = await request(app().server).post('/v1/dataloader').send({ seed: 0, dataset_size: 0, shuffle: true }).expect(422);
    assert.equal(r.body.detail, 'num_samples should be a positive integer value, but got num_samples=0');
  });
  test('a bad request changes nothing for the next one', async () => {
    const before = await request(app().server).post('/v1/modules').send({ ...linear, seed: 99 }).expect(200);
    await request(app().server).post('/v1/random_split').send({ seed: 99, dataset_size: 10, lengths: [5, 6] }).expect(422);
    const after = await request(app().server).post('/v1/modules').send({ ...linear, seed: 99 }).set('Cache-Control', 'no-cache').expect(200);
    assert.deepEqual(after.body, before.body);
  });
});

describe('service endpoints', () => {
  test('GET /health', async () => {
    const r = await request(app().server).get('/health').expect(200);
    assert.deepEqual(r.body, { status: 'ok' });
  });
  test('GET /openapi.json lists every route', async () => {
    const r = await request(app().server).get('/openapi.json').expect(200);
    for (const p of ['/v1/modules', '/v1/dataloader', '/v1/random_split', '/v1/tensors', '/v1/scripts']) assert.ok(r.body.paths[p], p);
  });
  test('GET /docs serves the page and its assets locally', async () => {
    const page = await request(app().server).get('/docs/').expect(200);
    assert.match(page.text, /swagger/i);
    assert.doesNotMatch(page.text, /https?:\/\/(?!127\.0\.0\.1|localhost)[a-z]/i);
    await request(app().server).get('/docs/static/swagger-ui-bundle.js').expect(200);
  });
});

describe('nn.init as a script step', () => {
  test('an init step equals POST /v1/init with the same seed, and later steps continue the stream', async () => {
    const init = { fn: 'kaiming_normal_', size: [8, 5], mode: 'fan_out', nonlinearity: 'relu' };
    const single = await request(app().server).post('/v1/init').send({ seed: 11, ...init }).expect(200);
    const script = await request(app().server)
      .post('/v1/scripts')
      .send({ seed: 11, steps: [{ op: 'init', ...init }, { op: 'randperm', n: 6 }] })
      .expect(200);
    assert.deepEqual(script.body.results[0].tensor, single.body.tensor);
    assert.equal(script.body.results[1].tensor.data.length, 6);
  });
});

describe('safetensors downloads', () => {
  /** An independent safetensors reader: u64 header length, JSON header, little-endian data. */
  function readSafetensors(buf: Buffer): { meta: Record<string, string>; tensors: Record<string, { dtype: string; shape: number[]; values: number[] }> } {
    const n = Number(buf.readBigUInt64LE(0));
    const header = JSON.parse(buf.subarray(8, 8 + n).toString('utf8')) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
    const data = buf.subarray(8 + n);
    const tensors: Record<string, { dtype: string; shape: number[]; values: number[] }> = {};
    let meta: Record<string, string> = {};
    for (const [k, e] of Object.entries(header)) {
      if (k === '__metadata__') {
        meta = e as unknown as Record<string, string>;
        continue;
      }
      const [s, t] = e.data_offsets;
      const values: number[] = [];
      for (let o = s; o < t; o += e.dtype === 'F32' ? 4 : 8) {
        values.push(e.dtype === 'F32' ? data.readFloatLE(o) : e.dtype === 'F64' ? data.readDoubleLE(o) : Number(data.readBigInt64LE(o)));
      }
      tensors[k] = { dtype: e.dtype, shape: e.shape, values };
    }
    return { meta, tensors };
  }
  const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);
  const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  };

  test('Accept: application/vnd.safetensors on /v1/modules holds the state_dict\'s tensors, in order, bit for bit', async () => {
    const body = { seed: 5, module: { type: 'Sequential', layers: [{ type: 'Linear', in_features: 3, out_features: 4 }, { type: 'BatchNorm1d', num_features: 4 }] } };
    const json = await request(app().server).post('/v1/modules').send(body).expect(200);
    const st = await request(app().server).post('/v1/modules').set('Accept', 'application/vnd.safetensors').send(body).buffer(true).parse(binary).expect(200);
    assert.match(st.headers['content-type'], /^application\/vnd\.safetensors/);
    assert.notEqual(st.headers.etag, json.headers.etag);
    const file = readSafetensors(st.body as Buffer);
    assert.deepEqual(Object.keys(file.tensors), Object.keys(json.body.state_dict));
    assert.equal(file.meta.seed, '5');
    for (const [k, t] of Object.entries<{ shape: number[]; dtype: string; data: unknown }>(json.body.state_dict)) {
      assert.deepEqual(file.tensors[k]!.shape, t.shape, k);
      assert.equal(file.tensors[k]!.dtype, t.dtype === 'float32' ? 'F32' : 'I64', k);
      assert.deepEqual(file.tensors[k]!.values, flat(t.data), k);
    }
    const again = await request(app().server).post('/v1/modules?format=safetensors').send(body).buffer(true).parse(binary).expect(200);
    assert.equal(again.headers['x-cache'], 'HIT');
    assert.ok((again.body as Buffer).equals(st.body as Buffer));
  });

  test('/v1/tensors gives a file with one tensor named "tensor"', async () => {
    const body = { seed: 1, op: 'randn', size: [4, 5], dtype: 'float64' };
    const json = await request(app().server).post('/v1/tensors').send(body).expect(200);
    const st = await request(app().server).post('/v1/tensors?format=safetensors').send(body).buffer(true).parse(binary).expect(200);
    const file = readSafetensors(st.body as Buffer);
    assert.deepEqual(Object.keys(file.tensors), ['tensor']);
    assert.equal(file.tensors.tensor!.dtype, 'F64');
    assert.deepEqual(file.tensors.tensor!.values, flat(json.body.tensor.data));
  });
});
