import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator } from '../../../../src/engine/torch/generator/generator.js';
import { PROFILES } from '../../../../src/engine/torch/generator/profile.js';
import { buildModule } from '../../../../src/engine/torch/nn/registry.js';
import { collectWarnings } from '../../../../src/engine/warnings.js';

// torch 2.13 (oracle): TransformerEncoder(TransformerEncoderLayer(4, 2, 4, norm_first=True), 1, enable_nested_tensor=e)
// warns once with e=True and not at all with e=False; 1.13 never warns.
const WARNING = 'enable_nested_tensor is True, but self.use_nested_tensor is False because encoder_layer.norm_first was True';
const spec = (e: boolean) => ({
  type: 'TransformerEncoder',
  encoder_layer: { type: 'TransformerEncoderLayer', d_model: 4, nhead: 2, dim_feedforward: 4, norm_first: true },
  num_layers: 1,
  enable_nested_tensor: e,
});

test('TransformerEncoder: enable_nested_tensor=False silences the fast-path warning (2.x), as torch', () => {
  for (const [e, want] of [[true, [WARNING]], [false, []]] as const) {
    const { warnings } = collectWarnings(() => buildModule({ g: new Generator(0n, PROFILES['2.13']), kernel: 'avx2' }, spec(e)));
    assert.deepEqual(warnings, want, `enable_nested_tensor=${e}`);
  }
  assert.deepEqual(collectWarnings(() => buildModule({ g: new Generator(0n, PROFILES['1.13']), kernel: 'avx2' }, spec(true))).warnings, []);
});
