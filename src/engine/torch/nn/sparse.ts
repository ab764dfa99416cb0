import { TorchError } from '../../errors.js';
import { normal_, type InitContext } from './init.js';
import { param, type StateDict } from './module.js';
import { floatStorage } from '../tensor/tensor.js';

/** Constructor arguments of `torch.nn.Embedding` and `EmbeddingBag` that shape the state_dict. */
export interface EmbeddingOptions {
  num_embeddings: number;
  embedding_dim: number;
  padding_idx?: number | null;
}

/** Keys and shapes of `Embedding`'s / `EmbeddingBag`'s state_dict. */
export function embeddingShapes(o: EmbeddingOptions): Array<[string, number[]]> {
  return [['weight', [o.num_embeddings, o.embedding_dim]]];
}

/**
 * `torch.nn.Embedding(num_embeddings, embedding_dim, padding_idx, ...)` (and `EmbeddingBag`, whose
 * assertion text starts with a lower-case `padding_idx`).
 *
 * torch/nn/modules/sparse.py@v1.13.1: `assert padding_idx < self.num_embeddings, 'Padding_idx must be within num_embeddings'`
 * ...; `init.normal_(self.weight)`; `self.weight[self.padding_idx].fill_(0)`.
 * max_norm, norm_type, scale_grad_by_freq, sparse, mode and include_last_offset do not touch the draws.
 */
export function embedding(ctx: InitContext, o: EmbeddingOptions, bag: boolean, path = 'module'): StateDict {
  const msg = bag ? 'padding_idx must be within num_embeddings' : 'Padding_idx must be within num_embeddings';
  let pad = o.padding_idx ?? null;
  if (pad !== null) {
    if (pad > 0 && !(pad < o.num_embeddings)) throw new TorchError(msg, 'AssertionError', `${path}.padding_idx`);
    if (pad < 0) {
      if (!(pad >= -o.num_embeddings)) throw new TorchError(msg, 'AssertionError', `${path}.padding_idx`);
      pad = o.num_embeddings + pad;
    }
  }
  const weight = param(ctx, [o.num_embeddings, o.embedding_dim]);
  normal_(ctx, weight);
  // padding_idx 0 with num_embeddings 0 passes torch's checks; weight[0] then fails with an IndexError
  if (pad !== null) {
    if (pad >= o.num_embeddings) {
      throw new TorchError(`index ${pad} is out of bounds for dimension 0 with size ${o.num_embeddings}`, 'IndexError', `${path}.padding_idx`);
    }
    floatStorage(weight).data.fill(0, pad * o.embedding_dim, (pad + 1) * o.embedding_dim);
  }
  return [['weight', weight]];
}
