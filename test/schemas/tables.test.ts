import assert from 'node:assert/strict';
import { test } from 'node:test';
import { INIT_FUNCTIONS } from '../../src/engine/torch/nn/init.js';
import { MODULE_REGISTRY, STATELESS_MODULES } from '../../src/engine/torch/nn/registry.js';
import { STEPS } from '../../src/ops/steps.js';
import { InitSpecSchema } from '../../src/schemas/initSpec.js';
import { ModuleSpecSchema } from '../../src/schemas/modules.js';
import { statelessSchemas } from '../../src/schemas/modules/stateless.js';
import { ScriptStep } from '../../src/schemas/scripts.js';
import { CvSplitRequest } from '../../src/schemas/sklearn.js';
import { SPLITTERS } from '../../src/engine/sklearn/cvSplit.js';
import { useApp } from '../helpers/app.js';

// The schemas' lists are the engine's: module types, init functions, script step ops.

/** The `type` of every module the request schema accepts (the members of its union). */
function schemaModuleTypes(): string[] {
  return ModuleSpecSchema.out.options.map((o) => o.shape.type.value);
}

test('every module type the engine builds is accepted by the schema, and no other', () => {
  assert.deepEqual(schemaModuleTypes().sort(), [...MODULE_REGISTRY.keys()].sort());
});

test('the parameter-free schemas are the registry\'s STATELESS_MODULES', () => {
  assert.deepEqual(Object.keys(statelessSchemas).sort(), [...STATELESS_MODULES].sort());
});

test('init functions: the schema\'s are the engine\'s INIT_FUNCTIONS, in order', () => {
  assert.deepEqual(InitSpecSchema.options.map((o) => o.shape.fn.value), [...INIT_FUNCTIONS]);
});

test('the step union has one member per entry of the ops table', () => {
  const ops = ScriptStep.options.flatMap((o) => ('shape' in o ? [o.shape.op.value] : [...new Set(o.options.map((i) => i.shape.op.value))]));
  assert.deepEqual(ops.sort(), Object.keys(STEPS).sort());
});

test('cv_split splitters: the schema\'s are the engine\'s SPLITTERS, in order', () => {
  assert.deepEqual(CvSplitRequest.options.map((o) => o.shape.splitter.value), [...SPLITTERS]);
});

const { app } = useApp({ RATE_LIMIT_MAX: 0 } as never);

test('nn.Upsample: no parameters, an empty state_dict, no draws (torch 1.13 and 2.13: OrderedDict())', async () => {
  const module = { type: 'Upsample', scale_factor: 2, mode: 'bilinear' };
  const r = await app().inject({ method: 'POST', url: '/v1/modules', payload: { seed: 0, module } });
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual(r.json().state_dict, {});
  // torch.manual_seed(0); nn.Upsample(...); torch.rand(2) == torch.manual_seed(0); torch.rand(2)
  const s = await app().inject({ method: 'POST', url: '/v1/scripts', payload: { seed: 0, steps: [{ op: 'module', module }, { op: 'rand', size: [2] }] } });
  assert.equal(s.statusCode, 200, s.body);
  assert.deepEqual(s.json().results[1].tensor.data, [0.49625658988952637, 0.7682217955589294]);
  const bad = await app().inject({ method: 'POST', url: '/v1/modules', payload: { seed: 0, module: { type: 'Upsample', scale: 2 } } });
  assert.equal(bad.statusCode, 400, 'unknown kwargs are refused');
});
