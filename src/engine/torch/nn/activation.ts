import { TorchError } from '../../errors.js';
import { constant_, xavierNormal_, xavierUniform_, type InitContext } from './init.js';
import { linear, linearShapes } from './linear.js';
import { param, prefixed, type StateDict } from './module.js';

/** Constructor arguments of `torch.nn.MultiheadAttention` that shape the state_dict. */
export interface MultiheadAttentionOptions {
  embed_dim: number;
  num_heads: number;
  dropout?: number;
  bias?: boolean;
  add_bias_kv?: boolean;
  add_zero_attn?: boolean;
  kdim?: number | null;
  vdim?: number | null;
  batch_first?: boolean;
}

/** Keys and shapes of `MultiheadAttention`'s state_dict, in order. */
export function multiheadAttentionShapes(o: MultiheadAttentionOptions): Array<[string, number[]]> {
  const e = o.embed_dim;
  const kdim = o.kdim ?? e;
  const vdim = o.vdim ?? e;
  const bias = o.bias ?? true;
  const out: Array<[string, number[]]> = [];
  if (kdim === e && vdim === e) out.push(['in_proj_weight', [3 * e, e]]);
  else out.push(['q_proj_weight', [e, e]], ['k_proj_weight', [e, kdim]], ['v_proj_weight', [e, vdim]]);
  if (bias) out.push(['in_proj_bias', [3 * e]]);
  if (o.add_bias_kv) out.push(['bias_k', [1, 1, e]], ['bias_v', [1, 1, e]]);
  for (const [k, s] of linearShapes({ in_features: e, out_features: e, bias })) out.push([`out_proj.${k}`, s]);
  return out;
}

/**
 * `torch.nn.MultiheadAttention(embed_dim, num_heads, dropout, bias, add_bias_kv, add_zero_attn, kdim, vdim, batch_first)`.
 *
 * torch/nn/modules/activation.py@v1.13.1: `out_proj` (a Linear) is constructed, drawing its weight and bias;
 * then `_reset_parameters`: `xavier_uniform_(in_proj_weight)` (or q, k, v), `constant_(in_proj_bias, 0.)`,
 * `constant_(out_proj.bias, 0.)`, `xavier_normal_(bias_k)`, `xavier_normal_(bias_v)`.
 */
export function multiheadAttention(
  ctx: InitContext,
  o: MultiheadAttentionOptions,
  path = 'module',
  fields: { embed_dim: string; num_heads: string } = { embed_dim: 'embed_dim', num_heads: 'num_heads' },
): StateDict {
  const e = o.embed_dim;
  const kdim = o.kdim ?? e;
  const vdim = o.vdim ?? e;
  const bias = o.bias ?? true;
  if (o.num_heads === 0) throw new TorchError('integer division or modulo by zero', 'ZeroDivisionError', `${path}.${fields.num_heads}`);
  // self.head_dim = embed_dim // num_heads; assert self.head_dim * num_heads == self.embed_dim
  if (Math.floor(e / o.num_heads) * o.num_heads !== e) {
    throw new TorchError('embed_dim must be divisible by num_heads', 'AssertionError', `${path}.${fields.embed_dim}`);
  }
  const same = kdim === e && vdim === e;
  const own: StateDict = same
    ? [['in_proj_weight', param(ctx, [3 * e, e])]]
    : [
        ['q_proj_weight', param(ctx, [e, e])],
        ['k_proj_weight', param(ctx, [e, kdim])],
        ['v_proj_weight', param(ctx, [e, vdim])],
      ];
  const inProjBias = bias ? param(ctx, [3 * e]) : null;
  if (inProjBias) own.push(['in_proj_bias', inProjBias]);
  const outProj = linear(ctx, { in_features: e, out_features: e, bias });
  const biasK = o.add_bias_kv ? param(ctx, [1, 1, e]) : null;
  const biasV = o.add_bias_kv ? param(ctx, [1, 1, e]) : null;
  if (biasK && biasV) own.push(['bias_k', biasK], ['bias_v', biasV]);
  // _reset_parameters
  if (same) xavierUniform_(ctx, own[0]![1]);
  else for (let i = 0; i < 3; i++) xavierUniform_(ctx, own[i]![1]);
  if (inProjBias) {
    constant_(inProjBias, 0);
    constant_(outProj[1]![1], 0);
  }
  if (biasK) xavierNormal_(ctx, biasK);
  if (biasV) xavierNormal_(ctx, biasV);
  return [...own, ...prefixed('out_proj', outProj)];
}

/** Constructor arguments of `torch.nn.PReLU`. */
export interface PReLUOptions {
  num_parameters?: number;
  init?: number;
}

/** `torch.nn.PReLU(num_parameters=1, init=0.25)`: `weight` filled with f32(init); no draws. */
export function prelu(ctx: InitContext, o: PReLUOptions): StateDict {
  return [['weight', constant_(param(ctx, [o.num_parameters ?? 1]), o.init ?? 0.25)]];
}
