import type { ModuleSpec } from '../engine/nn/module.js';
import { countParameters } from '../engine/nn/count.js';
import { tensorWork } from '../schemas/tensors.js';

/** The DataLoader fields the work estimate reads. */
export interface LoaderWorkFields {
  dataset_size?: number | undefined;
  shuffle?: boolean;
  num_samples?: number | null;
  epochs?: number;
  sampler?: { type: string; num_samples?: number | null; indices?: readonly number[]; weights?: readonly number[] } | null;
  forward_dropout?: ReadonlyArray<{ numel_per_item: number }> | null;
}

/**
 * Elements one pass computes: the indices it yields, the permutations or weights it draws over
 * (at least the dataset), and the dropout elements the loop body draws.
 */
function passWork(b: LoaderWorkFields, size: number): number {
  const s = b.sampler;
  let yielded: number;
  let drawn: number;
  if (s?.type === 'weighted_random') {
    yielded = s.num_samples ?? 0;
    drawn = s.weights?.length ?? 0;
  } else if (s?.type === 'subset_random') {
    yielded = s.indices?.length ?? 0;
    drawn = yielded;
  } else if (s?.type === 'random') {
    yielded = s.num_samples ?? size;
    drawn = size;
  } else {
    yielded = b.shuffle ? (b.num_samples ?? size) : size;
    drawn = size;
  }
  const dropout = (b.forward_dropout ?? []).reduce((a, d) => a + d.numel_per_item, 0);
  return Math.max(yielded, drawn) + yielded * dropout;
}

/** Elements a DataLoader request computes: per-pass work times passes (at least one pass). */
export function dataLoaderWork(b: LoaderWorkFields, size: number = b.dataset_size ?? 0): number {
  return passWork(b, size) * Math.max(1, b.epochs ?? 1);
}

/** Elements one step computes (a loader over a split part is counted at the full dataset size). */
export function stepWork(s: { op: string; [k: string]: unknown }): number {
  switch (s.op) {
    case 'module':
      return countParameters(s.module as ModuleSpec);
    case 'dataloader':
      return dataLoaderWork(s as LoaderWorkFields);
    case 'random_split':
      return (s.dataset_size as number) ?? 0;
    case 'manual_seed':
    case 'epochs':
      return 0;
    default:
      return tensorWork(s as { op: string; size?: number[]; n?: number });
  }
}

/** Elements a whole script computes; `epochs` steps cost what their named loader's passes cost. */
export function scriptWork(steps: ReadonlyArray<{ op: string; [k: string]: unknown }>): number {
  const loaders = new Map<string, { fields: LoaderWorkFields; size: number }>();
  let total = 0;
  steps.forEach((s) => {
    if (s.op === 'dataloader') {
      const f = s as LoaderWorkFields & { dataset?: { step: number } | null; name?: string | null };
      // a loader over a split part: at most the split's dataset size
      const ref = f.dataset ? steps[f.dataset.step] : undefined;
      const size = f.dataset_size ?? ((ref?.dataset_size as number | undefined) ?? 0);
      total += dataLoaderWork(f, size);
      if (f.name) loaders.set(f.name, { fields: f, size });
    } else if (s.op === 'epochs') {
      const l = loaders.get(s.loader as string);
      if (l) total += dataLoaderWork({ ...l.fields, epochs: s.epochs as number, forward_dropout: s.forward_dropout as LoaderWorkFields['forward_dropout'] }, l.size);
    } else total += stepWork(s);
  });
  return total;
}
