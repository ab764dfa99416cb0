import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as engine from '../../src/engine/index.js';

// The entry file reaches each library's API: one known answer per family, and the error hierarchy.
test('src/engine/index.ts: torch, numpy and sklearn from one entry', () => {
  const { Generator, tensorOp, buildModule, dataLoaderEpochs, RandomState, kFold, pyInt, toList } = engine;
  assert.deepEqual(toList(tensorOp(new Generator(0n), { op: 'rand', size: [2] })), [0.49625658988952637, 0.7682217955589294]);
  assert.deepEqual(toList(tensorOp(new Generator(0n), { op: 'randperm', n: 4 })), [0, 1, 3, 2]); // torch.manual_seed(0); torch.randperm(4) (1.13 and 2.13)
  const sd = buildModule({ g: new Generator(0n), kernel: 'avx2' }, { type: 'Linear', in_features: 2, out_features: 1 });
  assert.deepEqual(sd.map(([k, t]) => [k, toList(t)]), [['weight', [[-0.005293981172144413, 0.37932288646698]]], ['bias', [-0.5819807648658752]]]);
  assert.ok(engine.MODULE_REGISTRY.has('Conv2d'));
  const [epoch] = [...dataLoaderEpochs(new Generator(0n), { dataset_size: 10, batch_size: 3, shuffle: true })];
  assert.equal(epoch!.base_seed, 900450186894289455n);
  assert.deepEqual([...dataLoaderEpochs(new Generator(0n), { dataset_size: 5, batch_size: 2 })].flatMap((e) => [...e.batches]), [[0, 1], [2, 3], [4]]);
  assert.deepEqual(Array.from(new RandomState(42).permutation(10)), [8, 1, 5, 0, 7, 2, 9, 4, 3, 6]);
  assert.deepEqual(kFold({ n_samples: 4, n_splits: pyInt(2n) }).folds.map((f) => [...f.test]), [[0, 1], [2, 3]]);
});

test('NumpyError and TorchError are both EngineErrors, neither a kind of the other', () => {
  const n = new engine.NumpyError('Seed must be between 0 and 2**32 - 1');
  const t = new engine.TorchError('Invalid mt19937 state');
  assert.ok(n instanceof engine.EngineError && t instanceof engine.EngineError);
  assert.ok(!(n instanceof engine.TorchError) && !(t instanceof engine.NumpyError));
  assert.equal(n.pyType, 'ValueError');
  assert.equal(t.pyType, 'RuntimeError');
  assert.throws(() => new engine.RandomState(-1), (e: unknown) => e instanceof engine.NumpyError && e.message === 'Seed must be between 0 and 2**32 - 1');
});
