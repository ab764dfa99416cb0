import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { useApp } from '../../helpers/app.js';

// Property: a single endpoint call is the one-step script with the same seed, and gives the same values.
const { app } = useApp({ RATE_LIMIT_MAX: 0 } as never);

const seed = fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 }), fc.bigInt({ min: -(1n << 63n), max: (1n << 64n) - 1n }).map(String));
const genSeed = fc.option(fc.integer({ min: 0, max: 2 ** 40 }), { nil: undefined });
const samplerGen = fc.option(fc.oneof(fc.constant('loader'), fc.constant('global'), fc.record({ seed: fc.nat(1000) })), { nil: undefined });

const dataloader = fc
  .record(
    {
      dataset_size: fc.integer({ min: 1, max: 60 }),
      batch_size: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 9 })),
      shuffle: fc.boolean(),
      epochs: fc.integer({ min: 0, max: 3 }),
      generator_seed: genSeed,
      num_workers: fc.integer({ min: 0, max: 3 }),
      break_at: fc.option(fc.array(fc.option(fc.nat(5), { nil: null }), { maxLength: 3 }), { nil: undefined }),
      forward_dropout: fc.option(fc.array(fc.record({ p: fc.constantFrom(0, 0.1, 0.5, 1), numel_per_item: fc.nat(8) }), { maxLength: 2 }), { nil: undefined }),
      sampler: fc.option(
        fc.oneof(
          fc.record({ type: fc.constant('subset_random'), indices: fc.array(fc.nat(0), { maxLength: 10 }), generator: samplerGen }, { requiredKeys: ['type', 'indices'] }),
          fc.record(
            { type: fc.constant('weighted_random'), weights: fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: 1, maxLength: 12 }), num_samples: fc.integer({ min: 1, max: 30 }), generator: samplerGen },
            { requiredKeys: ['type', 'weights', 'num_samples'] },
          ),
        ),
        { nil: undefined },
      ),
    },
    { requiredKeys: ['dataset_size', 'epochs'] },
  )
  .map((r) => {
    const o: Record<string, unknown> = { ...r };
    if (o.sampler) o.shuffle = false;
    if (o.batch_size === null) delete o.drop_last;
    return o;
  });
const split = fc.record({
  dataset_size: fc.integer({ min: 0, max: 50 }),
  lengths: fc.constantFrom([0.5, 0.5], [0.3, 0.7], [1], [0.2, 0.2, 0.6], [0, 1]),
  generator_seed: genSeed,
});
const tensor = fc.oneof(
  fc.record({ op: fc.constant('randn'), size: fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 2 }) }),
  fc.record({ op: fc.constant('randperm'), n: fc.nat(40) }),
  fc.record({ op: fc.constant('randint'), high: fc.integer({ min: 1, max: 100 }), size: fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 2 }) }),
);

/** Posts a body and returns status and parsed JSON. */
async function post(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const r = await app().inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  return { status: r.statusCode, json: JSON.parse(r.body) as Record<string, unknown> };
}

/** The single endpoint and the one-step script agree: same values, or the same refusal. */
async function sameAsScript(url: string, op: string | null, s: unknown, fields: Record<string, unknown>): Promise<void> {
  const single = await post(url, { seed: s, ...fields });
  const step = op === null ? fields : { op, ...fields };
  const script = await post('/v1/scripts', { seed: s, steps: [step] });
  assert.equal(script.status, single.status, JSON.stringify({ single: single.json, script: script.json }).slice(0, 400));
  if (single.status !== 200) {
    assert.equal(script.json.detail, single.json.detail);
    return;
  }
  // warnings are top-level in both answers (the contract's "warnings"), not inside a step's result
  const { seed: echo, warnings, ...rest } = single.json;
  assert.equal((script.json as { seed: string }).seed, echo);
  assert.deepEqual((script.json as { warnings?: unknown }).warnings, warnings);
  assert.deepEqual((script.json.results as unknown[])[0], rest);
}

describe('each single endpoint equals its one-step script', () => {
  test('/v1/dataloader', async () => {
    await fc.assert(fc.asyncProperty(seed, dataloader, (s, d) => sameAsScript('/v1/dataloader', 'dataloader', s, d)), { numRuns: 150 });
  });
  test('/v1/random_split', async () => {
    await fc.assert(fc.asyncProperty(seed, split, (s, d) => sameAsScript('/v1/random_split', 'random_split', s, d)), { numRuns: 80 });
  });
  test('/v1/tensors', async () => {
    await fc.assert(fc.asyncProperty(seed, tensor, (s, d) => sameAsScript('/v1/tensors', null, s, d as Record<string, unknown>)), { numRuns: 80 });
  });
});

describe('scripts on one generator', () => {
  test('a scalar-path randn leaves its cached normal for the next step; manual_seed clears it', async () => {
    const r = await post('/v1/scripts', { seed: 0, steps: [{ op: 'randn', size: [1] }, { op: 'dataloader', dataset_size: 5, shuffle: true }, { op: 'randn', size: [1] }] });
    const fresh = await post('/v1/scripts', { seed: 0, steps: [{ op: 'randn', size: [2] }] });
    const results = r.json.results as Array<{ tensor: { data: number[] } }>;
    // torch.manual_seed(0); randn(1) then randn(1) gives the pair of one Box-Muller draw, whatever happens between
    const pair = (fresh.json.results as Array<{ tensor: { data: number[] } }>)[0]!.tensor.data;
    assert.deepEqual([results[0]!.tensor.data[0], results[2]!.tensor.data[0]], pair);
    // torch.manual_seed(0) between them drops the cached normal: the second randn(1) draws afresh, as the first
    const reseeded = await post('/v1/scripts', { seed: 0, steps: [{ op: 'randn', size: [1] }, { op: 'manual_seed', seed: '0' }, { op: 'randn', size: [1] }] });
    assert.equal(reseeded.status, 200, JSON.stringify(reseeded.json));
    const rs = reseeded.json.results as Array<{ tensor?: { data: number[] } }>;
    const draws = rs.filter((x) => x.tensor !== undefined).map((x) => x.tensor!.data[0]);
    assert.equal(draws.length, 2);
    assert.equal(draws[1], draws[0], 'after manual_seed the first draw comes again');
    assert.notEqual(draws[1], pair[1], 'the cached second half of the pair is not used');
  });
  test('an epochs step continues a named loader; an unknown name or split reference is refused', async () => {
    const a = await post('/v1/scripts', { seed: 3, steps: [{ op: 'dataloader', name: 'l', dataset_size: 10, shuffle: true, epochs: 0 }, { op: 'epochs', loader: 'l', epochs: 2 }] });
    const b = await post('/v1/scripts', { seed: 3, steps: [{ op: 'dataloader', dataset_size: 10, shuffle: true, epochs: 2 }] });
    assert.deepEqual((a.json.results as unknown[])[1], (b.json.results as unknown[])[0]);
    assert.equal((await post('/v1/scripts', { seed: 3, steps: [{ op: 'epochs', loader: 'x' }] })).status, 422);
    assert.equal((await post('/v1/scripts', { seed: 3, steps: [{ op: 'dataloader', dataset: { step: 0, subset: 0 } }] })).status, 422);
  });
});
