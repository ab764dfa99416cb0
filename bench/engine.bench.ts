// The vertical slice's workloads, engine vs torch 1.13 and the torch 2.13 wheel on identical work, as ratios (npm run bench).
import '../src/native/index.js';
import { Generator } from '../src/engine/torch/generator/generator.js';
import { buildModule } from '../src/engine/torch/nn/registry.js';
import { randperm } from '../src/engine/torch/tensor/randperm.js';
import { dataLoaderEpochs } from '../src/engine/torch/data/dataloader.js';
import { randomSplit } from '../src/engine/torch/data/dataset.js';
import { compare } from './lib.js';

/** Every batch of one epoch of DataLoader(range(n), batch_size, shuffle=True), as lists. */
function epoch(n: number, batch: number): number {
  let k = 0;
  for (const e of dataLoaderEpochs(new Generator(0n), { dataset_size: n, batch_size: batch, shuffle: true, epochs: 1 })) {
    for (const b of e.batches) k += (b as number[]).length;
  }
  return k;
}

await compare('vertical slice (issue 2)', [
  {
    name: 'Linear(4096, 4096) init',
    js: () => buildModule({ g: new Generator(0n), kernel: 'avx2' }, { type: 'Linear', in_features: 4096, out_features: 4096 }),
    py: 'torch.manual_seed(0); torch.nn.Linear(4096, 4096)',
  },
  {
    name: 'randperm(10_000_000)',
    js: () => randperm(new Generator(0n), 10_000_000),
    py: 'torch.manual_seed(0); torch.randperm(10_000_000)',
  },
  {
    name: 'random_split(range(1M), [800k, 200k])',
    js: () => randomSplit(new Generator(0n), 1_000_000, [800_000, 200_000]),
    py: 'torch.manual_seed(0); torch.utils.data.random_split(range(1_000_000), [800_000, 200_000])',
  },
  {
    name: 'DataLoader(range(60k), batch_size=64, shuffle=True), one epoch',
    js: () => epoch(60_000, 64),
    pySetup: 'from torch.utils.data import DataLoader',
    py: 'torch.manual_seed(0)\nfor b in DataLoader(range(60_000), batch_size=64, shuffle=True): b.tolist()',
  },
  {
    name: 'DataLoader(range(1M), batch_size=256, shuffle=True), one epoch',
    js: () => epoch(1_000_000, 256),
    pySetup: 'from torch.utils.data import DataLoader',
    py: 'torch.manual_seed(0)\nfor b in DataLoader(range(1_000_000), batch_size=256, shuffle=True): b.tolist()',
  },
]);
