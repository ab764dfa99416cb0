// Layer construction (issue 4), engine vs torch on identical work, as ratios:
//   npx tsx bench/modules.bench.ts
// torch 1.13 and the 2.13 wheel run in persistent Python processes with torch.set_num_threads(1), interleaved with
// the engine's repetitions (bench/lib.ts).
import '../src/native/index.js';
import { Generator } from '../src/engine/torch/generator/generator.js';
import type { ModuleSpec } from '../src/engine/torch/nn/module.js';
import { buildModule } from '../src/engine/torch/nn/registry.js';
import { encodeSafetensors } from '../src/engine/torch/nn/safetensors.js';
import { initOp } from '../src/engine/torch/nn/init.js';
import { compare } from './lib.js';

function build(spec: ModuleSpec) {
  return buildModule({ g: new Generator(0n), kernel: 'avx2' }, spec);
}

const linear: ModuleSpec = { type: 'Linear', in_features: 4096, out_features: 4096 };
const conv: ModuleSpec = { type: 'Conv2d', in_channels: 256, out_channels: 256, kernel_size: 3 };
const embedding: ModuleSpec = { type: 'Embedding', num_embeddings: 30000, embedding_dim: 256 };
const encoder: ModuleSpec = { type: 'TransformerEncoderLayer', d_model: 512, nhead: 8 };
const linearSd = build(linear);

await compare('layer initialisation (issue 4)', [
  { name: 'Linear(4096, 4096)', js: () => build(linear), py: 'torch.manual_seed(0); torch.nn.Linear(4096, 4096)' },
  { name: 'Conv2d(256, 256, 3)', js: () => build(conv), py: 'torch.manual_seed(0); torch.nn.Conv2d(256, 256, 3)' },
  { name: 'Embedding(30000, 256) (normal_)', js: () => build(embedding), py: 'torch.manual_seed(0); torch.nn.Embedding(30000, 256)' },
  { name: 'kaiming_normal_ [4096, 4096]', js: () => initOp(new Generator(0n), { fn: 'kaiming_normal_', size: [4096, 4096] }), py: 'torch.manual_seed(0); torch.nn.init.kaiming_normal_(torch.empty(4096, 4096))' },
  { name: 'trunc_normal_ [1024, 1024]', js: () => initOp(new Generator(0n), { fn: 'trunc_normal_', size: [1024, 1024] }), py: 'torch.manual_seed(0); torch.nn.init.trunc_normal_(torch.empty(1024, 1024))' },
  { name: 'TransformerEncoderLayer(512, 8)', js: () => build(encoder), py: 'torch.manual_seed(0); torch.nn.TransformerEncoderLayer(512, 8)' },
  {
    name: 'Linear(4096, 4096) state_dict to safetensors bytes',
    js: () => encodeSafetensors(linearSd),
    pySetup: 'from io import BytesIO\nm = torch.nn.Linear(4096, 4096)',
    py: 'b = BytesIO(); torch.save(m.state_dict(), b)',
  },
]);
