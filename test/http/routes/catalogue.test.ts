import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useApp } from '../../helpers/app.js';
import { EXAMPLES } from '../../../src/http/examples.js';
import { MODULE_REGISTRY } from '../../../src/engine/torch/nn/registry.js';
import { InitSpecSchema } from '../../../src/schemas/initSpec.js';
import { tensorOps } from '../../../src/schemas/tensors.js';

const { app } = useApp();

type Entry = { name: string; endpoint: string; kwargs: Array<{ name: string; type: string; required: boolean; default?: unknown; values?: unknown[] }>; versions: Record<string, string[]> };

async function get(url: string): Promise<{ status: number; body: Record<string, unknown>; headers: Record<string, unknown> }> {
  const r = await app().inject({ method: 'GET', url });
  return { status: r.statusCode, body: JSON.parse(r.body) as Record<string, unknown>, headers: r.headers };
}

describe('GET /v1/catalogue', () => {
  test('lists every module type the engine builds, with torch defaults', async () => {
    const { status, body } = await get('/v1/catalogue');
    assert.equal(status, 200);
    const modules = body.modules as Entry[];
    assert.deepEqual(new Set(modules.map((m) => m.name)), new Set([...MODULE_REGISTRY.keys()].filter((t) => modules.some((m) => m.name === t))));
    for (const t of ['Linear', 'Conv2d', 'LSTM', 'TransformerEncoderLayer', 'Sequential', 'ReLU']) assert.ok(modules.some((m) => m.name === t), t);
    const conv = modules.find((m) => m.name === 'Conv2d')!;
    const kw = Object.fromEntries(conv.kwargs.map((k) => [k.name, k]));
    assert.equal(kw.in_channels!.required, true);
    assert.equal(kw.stride!.default, 1);
    assert.equal(kw.padding_mode!.default, 'zeros');
    assert.deepEqual(kw.padding_mode!.values, ['zeros', 'reflect', 'replicate', 'circular']);
    assert.equal(kw.kernel_size!.type, 'int | int[2]');
    const tel = Object.fromEntries(modules.find((m) => m.name === 'TransformerEncoderLayer')!.kwargs.map((k) => [k.name, k.default]));
    assert.equal(tel.dim_feedforward, 2048);
    assert.equal(tel.dropout, 0.1);
    assert.ok(conv.versions.torch && conv.versions.torch.length > 0);
    // every module of the schema has a builder in the engine's registry
    assert.deepEqual((body.service as { modules_without_engine_builder: string[] }).modules_without_engine_builder, []);
  });

  test('init functions, tensor ops, samplers, splitters and numpy draws come from the schemas', async () => {
    const { body } = await get('/v1/catalogue');
    const names = (f: string) => (body[f] as Entry[]).map((e) => e.name);
    assert.deepEqual(names('init'), InitSpecSchema.options.map((o) => o.shape.fn.value));
    assert.deepEqual(names('tensors'), Object.keys(tensorOps));
    assert.deepEqual(names('samplers'), ['sequential', 'random', 'subset_random', 'weighted_random']);
    for (const s of ['train_test_split', 'KFold', 'StratifiedKFold', 'GroupKFold', 'ShuffleSplit', 'StratifiedShuffleSplit', 'RepeatedKFold', 'RepeatedStratifiedKFold']) {
      assert.ok(names('splitters').includes(s), s);
    }
    assert.ok(names('numpy').includes('permutation'));
    const kaiming = (body.init as Entry[]).find((e) => e.name === 'kaiming_normal_')!;
    assert.deepEqual(
      kaiming.kwargs.map((k) => [k.name, k.default]),
      [['size', undefined], ['a', 0], ['mode', 'fan_in'], ['nonlinearity', 'leaky_relu']],
    );
    const perm = (body.numpy as Entry[]).find((e) => e.name === 'permutation')!;
    assert.deepEqual(perm.kwargs.find((k) => k.name === 'generator')!.values, ['RandomState', 'default_rng']);
    assert.ok(names('script_steps').includes('module') && names('script_steps').includes('init:kaiming_normal_'));
    const dl = (body.data as Entry[]).find((e) => e.name === 'DataLoader')!;
    assert.equal(dl.kwargs.find((k) => k.name === 'batch_size')!.default, 1);
    // randint's low is optional (a prefault: the client's "0"), typed like high
    const low = (body.tensors as Entry[]).find((e) => e.name === 'randint')!.kwargs.find((k) => k.name === 'low')!;
    assert.deepEqual([low.type, low.required, low.default], ['int | bigint | string', false, '0']);
  });

  test('per family, and an unknown family is a 404', async () => {
    const { status, body } = await get('/v1/catalogue/splitters');
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body), ['splitters']);
    assert.equal((await get('/v1/catalogue/nope')).status, 404);
  });
});

describe('405 Method Not Allowed on known paths', () => {
  for (const [method, url, allow] of [
    ['GET', '/v1/modules', 'POST'],
    ['PUT', '/v1/dataloader', 'POST'],
    ['DELETE', '/v1/sklearn/cv_split', 'POST'],
    ['POST', '/health', 'GET, HEAD'],
    ['POST', '/v1/catalogue', 'GET, HEAD'],
  ] as const) {
    test(`${method} ${url} is 405 with Allow: ${allow}`, async () => {
      const r = await app().inject({ method, url });
      assert.equal(r.statusCode, 405);
      assert.equal(r.headers.allow, allow);
      assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
      assert.equal((JSON.parse(r.body) as { status: number }).status, 405);
    });
  }
  test('an unknown path stays 404', async () => {
    assert.equal((await app().inject({ method: 'GET', url: '/v1/nothing' })).statusCode, 404);
  });
});

describe('OpenAPI request examples run', () => {
  test('every operation with a JSON body declares examples, and each answers 200', async () => {
    const doc = JSON.parse((await app().inject({ method: 'GET', url: '/openapi.json' })).body) as {
      paths: Record<string, Record<string, { operationId: string; description?: string; requestBody?: { content: Record<string, { examples?: Record<string, { value: unknown }> }> } }>>;
    };
    let n = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (!op.requestBody) continue;
        const examples = op.requestBody.content['application/json']?.examples;
        assert.ok(examples && Object.keys(examples).length > 0, `${op.operationId} declares examples`);
        assert.ok((op.description ?? '').length > 20, `${op.operationId} says what it reproduces`);
        for (const [name, ex] of Object.entries(examples)) {
          const r = await app().inject({ method: method.toUpperCase() as 'POST', url: path, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(ex.value) });
          assert.equal(r.statusCode, 200, `${op.operationId} ${name}: ${r.body.slice(0, 300)}`);
          n++;
        }
      }
    }
    assert.ok(n >= Object.values(EXAMPLES).flat().length);
  });

  test('the README examples are the first ones', async () => {
    const r = await app().inject({ method: 'POST', url: '/v1/modules', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(EXAMPLES.initModule![0]!.value) });
    assert.deepEqual((JSON.parse(r.body) as { state_dict: { weight: { data: number[][] } } }).state_dict.weight.data, [[-0.005293981172144413, 0.37932288646698]]);
  });
});
