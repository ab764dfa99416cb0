import { warn } from '../../warnings.js';
import { TorchError } from '../../errors.js';
import { xavierUniform_, type InitContext } from './init.js';
import { linear, linearShapes } from './linear.js';
import { multiheadAttention, multiheadAttentionShapes } from './activation.js';
import { cloneStateDict, prefixed, type BuildChild, type ModuleSpec, type StateDict } from './module.js';
import { layerNorm, layerNormShapes } from './normalization.js';

/** Constructor arguments of `TransformerEncoderLayer` / `TransformerDecoderLayer`. */
export interface TransformerLayerOptions {
  d_model: number;
  nhead: number;
  dim_feedforward?: number;
  dropout?: number;
  activation?: string;
  layer_norm_eps?: number;
  batch_first?: boolean;
  norm_first?: boolean;
  /** 2.x's `bias=` of the layer's Linear and LayerNorm parts (read only for the nested-tensor warning). */
  bias?: boolean;
}

/** Keys and shapes of a Transformer layer (encoder: 1 attention and 2 norms; decoder: 2 and 3). */
export function transformerLayerShapes(o: TransformerLayerOptions, decoder: boolean): Array<[string, number[]]> {
  const d = o.d_model;
  const ff = o.dim_feedforward ?? 2048;
  const attn = multiheadAttentionShapes({ embed_dim: d, num_heads: o.nhead });
  const out: Array<[string, number[]]> = [];
  const add = (name: string, shapes: Array<[string, number[]]>): void => {
    for (const [k, s] of shapes) out.push([`${name}.${k}`, s]);
  };
  add('self_attn', attn);
  if (decoder) add('multihead_attn', attn);
  add('linear1', linearShapes({ in_features: d, out_features: ff }));
  add('linear2', linearShapes({ in_features: ff, out_features: d }));
  for (let i = 1; i <= (decoder ? 3 : 2); i++) add(`norm${i}`, layerNormShapes({ normalized_shape: d }));
  return out;
}

/**
 * `torch.nn.TransformerEncoderLayer` (decoder = false) or `TransformerDecoderLayer` (decoder = true).
 *
 * torch/nn/modules/transformer.py@v1.13.1: `self_attn` (MHA), [`multihead_attn` (MHA)], `linear1`, `linear2`
 * draw in that order; `norm1..3` are LayerNorms; dropouts have no state.
 */
export function transformerLayer(ctx: InitContext, o: TransformerLayerOptions, decoder: boolean, path = 'module'): StateDict {
  const d = o.d_model;
  const ff = o.dim_feedforward ?? 2048;
  const activation = o.activation ?? 'relu';
  // the attention's refusals name this layer's own fields
  const fields = { embed_dim: 'd_model', num_heads: 'nhead' };
  const sd: StateDict = [...prefixed('self_attn', multiheadAttention(ctx, { embed_dim: d, num_heads: o.nhead }, path, fields))];
  if (decoder) sd.push(...prefixed('multihead_attn', multiheadAttention(ctx, { embed_dim: d, num_heads: o.nhead }, path, fields)));
  sd.push(...prefixed('linear1', linear(ctx, { in_features: d, out_features: ff })));
  sd.push(...prefixed('linear2', linear(ctx, { in_features: ff, out_features: d })));
  for (let i = 1; i <= (decoder ? 3 : 2); i++) sd.push(...prefixed(`norm${i}`, layerNorm(ctx, { normalized_shape: d })));
  // _get_activation_fn(activation)
  if (activation !== 'relu' && activation !== 'gelu') {
    throw new TorchError(`activation should be relu/gelu, not ${activation}`, 'RuntimeError', `${path}.activation`);
  }
  return sd;
}

/** Constructor arguments of `TransformerEncoder` / `TransformerDecoder` (layers given as specs). */
export interface TransformerStackOptions {
  layer: ModuleSpec;
  num_layers: number;
  norm?: ModuleSpec | null;
  /** TransformerEncoder's `enable_nested_tensor` (default True): False silences the fast-path warning. */
  enable_nested_tensor?: boolean;
}

/**
 * `torch.nn.TransformerEncoder(encoder_layer, num_layers, norm)` / `TransformerDecoder(decoder_layer, ...)`:
 * the given layer is built once (it draws, as the Python argument is evaluated first), then deep-copied
 * `num_layers` times (`_get_clones`): every copy has the same values. Keys `layers.{i}.…`, then `norm.…`.
 */
export function transformerStack(ctx: InitContext, o: TransformerStackOptions, build: BuildChild, path: string, layerField: string): StateDict {
  const layer = build(ctx, o.layer, `${path}.${layerField}`);
  const norm = o.norm ? build(ctx, o.norm, `${path}.norm`) : null;
  if (layerField === 'encoder_layer' && o.enable_nested_tensor !== false) {
    const { norm_first, batch_first, bias, nhead } = o.layer;
    nestedTensorWarning(ctx, { norm_first, batch_first, bias, nhead });
  }
  const sd: StateDict = [];
  for (let i = 0; i < o.num_layers; i++) sd.push(...prefixed(`layers.${i}`, cloneStateDict(layer)));
  if (norm) sd.push(...prefixed('norm', norm));
  return sd;
}

/**
 * 2.x: torch/nn/modules/transformer.py@v2.13.0 TransformerEncoder.__init__: `why_not_sparsity_fast_path` in order
 * (norm_first, batch_first, bias, activation, eps, odd num_heads), then
 * `warnings.warn(f"enable_nested_tensor is True, but self.use_nested_tensor is False because {why_not_sparsity_fast_path}")`.
 * (1.13 does not warn.)
 */
function nestedTensorWarning(ctx: InitContext, o: { readonly norm_first?: unknown; readonly batch_first?: unknown; readonly bias?: unknown; readonly nhead?: unknown }): void {
  if (ctx.g.profile.version === '1.13') return;
  const l = 'encoder_layer';
  let why = '';
  if (o.norm_first) why = `${l}.norm_first was True`;
  else if (!o.batch_first) why = `${l}.self_attn.batch_first was not True(use batch_first for better inference performance)`;
  else if (o.bias === false) why = `${l}.self_attn was passed bias=False`;
  else if (typeof o.nhead === 'number' && o.nhead % 2 === 1) why = `${l}.self_attn.num_heads is odd`;
  if (why) warn(`enable_nested_tensor is True, but self.use_nested_tensor is False because ${why}`);
}

/** Constructor arguments of `torch.nn.Transformer`. */
export interface TransformerOptions extends Omit<TransformerLayerOptions, 'd_model' | 'nhead'> {
  d_model?: number;
  nhead?: number;
  num_encoder_layers?: number;
  num_decoder_layers?: number;
}

/** Resolved sizes of `Transformer`'s defaults. */
function transformerSizes(o: TransformerOptions): Required<Pick<TransformerOptions, 'd_model' | 'nhead' | 'num_encoder_layers' | 'num_decoder_layers'>> {
  return { d_model: o.d_model ?? 512, nhead: o.nhead ?? 8, num_encoder_layers: o.num_encoder_layers ?? 6, num_decoder_layers: o.num_decoder_layers ?? 6 };
}

/** Keys and shapes of `Transformer`'s state_dict. */
export function transformerShapes(o: TransformerOptions): Array<[string, number[]]> {
  const s = transformerSizes(o);
  const layer = { ...o, d_model: s.d_model, nhead: s.nhead };
  const out: Array<[string, number[]]> = [];
  const norm = layerNormShapes({ normalized_shape: s.d_model });
  for (let i = 0; i < s.num_encoder_layers; i++) for (const [k, sh] of transformerLayerShapes(layer, false)) out.push([`encoder.layers.${i}.${k}`, sh]);
  for (const [k, sh] of norm) out.push([`encoder.norm.${k}`, sh]);
  for (let i = 0; i < s.num_decoder_layers; i++) for (const [k, sh] of transformerLayerShapes(layer, true)) out.push([`decoder.layers.${i}.${k}`, sh]);
  for (const [k, sh] of norm) out.push([`decoder.norm.${k}`, sh]);
  return out;
}

/**
 * `torch.nn.Transformer(d_model, nhead, num_encoder_layers, num_decoder_layers, dim_feedforward, ...)`.
 *
 * torch/nn/modules/transformer.py@v1.13.1: encoder layer (draws), cloned; encoder LayerNorm; decoder layer
 * (draws), cloned; decoder LayerNorm; then `_reset_parameters`: `xavier_uniform_(p)` for every parameter
 * with `p.dim() > 1`, in `parameters()` order (which redraws every weight matrix of every copy).
 */
export function transformer(ctx: InitContext, o: TransformerOptions, path = 'module'): StateDict {
  const s = transformerSizes(o);
  const layerOpts = { ...o, d_model: s.d_model, nhead: s.nhead };
  const enc = transformerLayer(ctx, layerOpts, false, path);
  const encNorm = layerNorm(ctx, { normalized_shape: s.d_model, eps: o.layer_norm_eps });
  nestedTensorWarning(ctx, layerOpts); // self.encoder = TransformerEncoder(encoder_layer, ...)
  const dec = transformerLayer(ctx, layerOpts, true, path);
  const decNorm = layerNorm(ctx, { normalized_shape: s.d_model, eps: o.layer_norm_eps });
  const sd: StateDict = [];
  for (let i = 0; i < s.num_encoder_layers; i++) sd.push(...prefixed(`encoder.layers.${i}`, cloneStateDict(enc)));
  sd.push(...prefixed('encoder.norm', encNorm));
  for (let i = 0; i < s.num_decoder_layers; i++) sd.push(...prefixed(`decoder.layers.${i}`, cloneStateDict(dec)));
  sd.push(...prefixed('decoder.norm', decNorm));
  for (const [, t] of sd) if (t.shape.length > 1) xavierUniform_(ctx, t);
  return sd;
}
