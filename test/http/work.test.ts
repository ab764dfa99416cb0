import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { useApp } from '../helpers/app.js';
import { cvSplitCost, initCost, loaderCost, moduleCost, permutationCost, randomSplitCost, tensorOpCost, trainTestSplitCost, type Cost } from '../../src/http/work.js';
import { scriptCost } from '../../src/ops/steps.js';
import { ScriptRequest } from '../../src/schemas/scripts.js';

// The work model: every op's estimate (before any work, without allocating) bounds the loop
// iterations (at least one per JSON value written) and the bytes of the real answer.

const HUGE = 2 ** 53 - 1;

/** JSON values in a parsed answer (each costs at least one iteration of the engine or the writer). */
function nodes(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((a: number, x) => a + nodes(x), 1);
  if (v !== null && typeof v === 'object') return Object.values(v).reduce((a: number, x) => a + nodes(x), 1);
  return 1;
}

describe('the issue\'s reproducers are quick 4xx (defaults, main thread only)', () => {
  const { app } = useApp({ POOL_THREADS: 0 });
  const cases: Array<[string, unknown]> = [
    ['/v1/tensors', { seed: 0, op: 'rand', size: [HUGE, 0] }],
    ['/v1/tensors', { seed: 0, op: 'randint', high: 3, size: [1000, 1000, 1000, 0] }],
    ['/v1/init', { seed: 0, fn: 'uniform_', size: [HUGE, 0] }],
    ['/v1/init', { seed: 0, fn: 'zeros_', size: [100000, 100000, 0] }],
    ['/v1/modules', { seed: 0, module: { type: 'Linear', in_features: 0, out_features: HUGE, bias: false } }],
    ['/v1/modules', { seed: 0, module: { type: 'Conv2d', in_channels: 0, out_channels: HUGE, kernel_size: 3, bias: false } }],
    ['/v1/modules', { seed: 0, module: { type: 'Embedding', num_embeddings: HUGE, embedding_dim: 0 } }],
    ['/v1/dataloader', { seed: 0, dataset_size: 0, epochs: HUGE }],
    ['/v1/dataloader', { seed: 0, dataset_size: 0, epochs: 1_000_000_000 }],
    ['/v1/dataloader', { seed: 0, dataset_size: 1, num_workers: 30_000_000 }],
    ['/v1/dataloader', { seed: 0, dataset_size: 1, num_workers: HUGE }],
    ['/v1/scripts', { seed: 0, steps: [{ op: 'dataloader', dataset_size: 0, epochs: HUGE }] }],
    ['/v1/scripts', { seed: 0, steps: [{ op: 'dataloader', dataset_size: 0, batch_size: 1, name: 'a' }, { op: 'epochs', loader: 'a', epochs: HUGE }] }],
    ['/v1/scripts', { seed: 0, steps: [{ op: 'rand', size: [HUGE, 0] }] }],
    ['/v1/scripts', { seed: 0, steps: [{ op: 'module', module: { type: 'Embedding', num_embeddings: HUGE, embedding_dim: 0 } }] }],
    ['/v1/sklearn/cv_split', { splitter: 'ShuffleSplit', n_samples: 10, n_splits: HUGE, random_state: 0 }],
  ];
  for (const [url, body] of cases) {
    test(`${url} ${JSON.stringify(body)}`, async () => {
      const t0 = performance.now();
      for (const accept of ['application/json', 'application/x-ndjson']) {
        const r = await app().inject({ method: 'POST', url, headers: { 'content-type': 'application/json', accept }, payload: JSON.stringify(body) });
        assert.ok(r.statusCode >= 400 && r.statusCode < 500, `${r.statusCode} ${r.body.slice(0, 200)}`);
        assert.match(r.headers['content-type'] as string, /problem\+json/);
        if (r.statusCode === 413) assert.match(JSON.parse(r.body).detail, /[A-Z_]+ is \d+/);
      }
      assert.ok(performance.now() - t0 < 1000, `took ${performance.now() - t0} ms`);
    });
  }
});

describe('property: the estimate bounds the real iterations and bytes, on every endpoint', () => {
  const limits = { POOL_THREADS: 0, MAX_ELEMENTS: 20_000, MAX_OUTPUT_BYTES: 400_000, MAX_SAMPLES: 20_000, MAX_OUTPUT_INDICES: 40_000, MAX_NUM_WORKERS: 16 };
  const { app } = useApp(limits);
  const dim = fc.oneof(fc.constantFrom(0, 1, 2, 3, 7), fc.integer({ min: 0, max: 300 }), fc.constantFrom(2 ** 20, 2 ** 31, HUGE));
  const shape = fc.array(dim, { maxLength: 4 });
  const spec = fc.oneof(
    fc.record({ op: fc.constantFrom('rand', 'randn', 'bernoulli', 'normal', 'uniform'), size: shape }).map((s) => ({ url: '/v1/tensors', body: s, cost: tensorOpCost(s) })),
    fc.record({ op: fc.constant('randint'), high: fc.constant(1000), size: shape, dtype: fc.constantFrom('int64', 'int8', 'bool', 'float64') }).map((s) => ({ url: '/v1/tensors', body: s, cost: tensorOpCost(s) })),
    fc.record({ op: fc.constant('randperm'), n: dim }).map((s) => ({ url: '/v1/tensors', body: s, cost: tensorOpCost(s) })),
    fc.record({ fn: fc.constantFrom('uniform_', 'normal_', 'zeros_', 'xavier_uniform_', 'kaiming_normal_'), size: shape }).map((s) => ({ url: '/v1/init', body: s, cost: initCost(s) })),
    fc.tuple(dim, dim, fc.boolean()).map(([i, o, bias]) => {
      const m = { type: 'Linear', in_features: i, out_features: o, bias };
      return { url: '/v1/modules', body: { module: m }, cost: moduleCost(m) };
    }),
    fc.tuple(dim, dim, fc.integer({ min: 1, max: 3 }), fc.boolean()).map(([i, o, k, bias]) => {
      const m = { type: 'Conv2d', in_channels: i, out_channels: o, kernel_size: k, bias };
      return { url: '/v1/modules', body: { module: m }, cost: moduleCost(m) };
    }),
    fc.tuple(dim, dim).map(([n, d]) => {
      const m = { type: 'Embedding', num_embeddings: n, embedding_dim: d };
      return { url: '/v1/modules', body: { module: m }, cost: moduleCost(m) };
    }),
    fc
      .record({ dataset_size: dim, batch_size: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 50 })), epochs: dim, num_workers: fc.oneof(fc.constantFrom(0, 1, 3), dim), shuffle: fc.boolean() })
      .map((b) => ({ url: '/v1/dataloader', body: b, cost: loaderCost(b) })),
    fc.tuple(dim, fc.constantFrom([0.5, 0.5], [0.2, 0.3, 0.5], [1])).map(([n, lengths]) => ({ url: '/v1/random_split', body: { dataset_size: n, lengths }, cost: randomSplitCost({ dataset_size: n, lengths }) })),
    fc.tuple(dim, dim).map(([n, e]) => {
      const steps = [{ op: 'dataloader', dataset_size: n, batch_size: 4, name: 'l' }, { op: 'epochs', loader: 'l', epochs: e }, { op: 'rand', size: [e, 0] }];
      return { url: '/v1/scripts', body: { steps }, cost: scriptCost(ScriptRequest.parse({ seed: 0, steps }).steps) };
    }),
    fc.tuple(dim, fc.constantFrom(0.25, 3)).map(([n, t]) => ({ url: '/v1/sklearn/train_test_split', body: { n_samples: n, test_size: t, random_state: 0 }, cost: trainTestSplitCost({ n_samples: n }), sk: true })),
    fc.tuple(dim, fc.constantFrom('KFold', 'ShuffleSplit', 'RepeatedKFold'), fc.integer({ min: 2, max: 12 })).map(([n, splitter, k]) => {
      const b = { splitter, n_samples: n, n_splits: k, random_state: 0, ...(splitter === 'KFold' ? { shuffle: true } : {}) };
      return { url: '/v1/sklearn/cv_split', body: b, cost: cvSplitCost(b), sk: true };
    }),
    fc.tuple(dim, fc.constantFrom('legacy', 'default_rng')).map(([n, generator]) => ({ url: '/v1/numpy/permutation', body: { seed: 0, n, generator }, cost: permutationCost({ n }), sk: true })),
  );
  test('200: bytes and JSON values within the estimate; 413 only past a limit; every answer quick', async () => {
    const seen = new Map<string, { ok: number; refused: number }>();
    await fc.assert(
      fc.asyncProperty(spec, async ({ url, body, cost, sk }: { url: string; body: Record<string, unknown>; cost: Cost; sk?: boolean }) => {
        const payload = sk ? body : { seed: 0, ...body };
        const t0 = performance.now();
        const r = await app().inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
        assert.ok(performance.now() - t0 < 2000, `${url} took ${performance.now() - t0} ms`);
        assert.ok(r.statusCode < 500, `${r.statusCode} ${r.body.slice(0, 300)}`);
        const s = seen.get(url) ?? { ok: 0, refused: 0 };
        seen.set(url, s);
        if (r.statusCode === 200) {
          s.ok++;
          assert.ok(r.rawPayload.length <= cost.bytes, `${url}: ${r.rawPayload.length} bytes > estimate ${cost.bytes}`);
          assert.ok(nodes(JSON.parse(r.body)) <= cost.iterations, `${url}: ${nodes(JSON.parse(r.body))} values > estimate ${cost.iterations}`);
          assert.ok(cost.bytes <= limits.MAX_OUTPUT_BYTES);
        } else {
          s.refused++;
          if (r.statusCode === 413) assert.ok(cost.bytes > limits.MAX_OUTPUT_BYTES || cost.elements > Math.min(limits.MAX_ELEMENTS, limits.MAX_SAMPLES) || (cost.workers ?? 0) > 16 || sk, `${url} 413 under every limit: ${r.body}`);
        }
      }),
      { numRuns: 600 },
    );
    for (const [url, s] of seen) assert.ok(s.ok > 0, `${url}: no successful case (${JSON.stringify(s)})`);
  });
});
