import type { ModuleSpec } from '../engine/nn/module.js';
import { countParameters } from '../engine/nn/count.js';
import { tensorWork } from '../schemas/tensors.js';

/** Elements a DataLoader request computes: indices per pass times passes (at least the dataset). */
export function dataLoaderWork(b: { dataset_size: number; shuffle: boolean; num_samples: number | null; epochs: number }): number {
  const perPass = b.shuffle ? Math.max(b.num_samples ?? b.dataset_size, b.dataset_size) : b.dataset_size;
  return perPass * Math.max(1, b.epochs);
}

/** Elements one script step computes. */
export function stepWork(s: { op: string; [k: string]: unknown }): number {
  switch (s.op) {
    case 'module':
      return countParameters(s.module as ModuleSpec);
    case 'dataloader':
      return dataLoaderWork(s as unknown as Parameters<typeof dataLoaderWork>[0]);
    case 'random_split':
      return (s.dataset_size as number) ?? 0;
    case 'manual_seed':
      return 0;
    default:
      return tensorWork(s as { op: string; size?: number[]; n?: number });
  }
}
