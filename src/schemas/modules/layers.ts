import { z } from 'zod';
import { factoryDtype, Int, ints, Pos, Prob, Size } from './fields.js';

// The torch.nn classes that own parameters or buffers: their constructor kwargs in snake_case with
// torch 1.13's defaults, each with the `dtype=` factory kwarg.

/** torch.nn.Linear(in_features, out_features, bias=True) */
const Linear = z.strictObject({ type: z.literal('Linear'), in_features: Size, out_features: Size, bias: z.boolean().default(true) });
/** torch.nn.Bilinear(in1_features, in2_features, out_features, bias=True) */
const Bilinear = z.strictObject({
  type: z.literal('Bilinear'),
  in1_features: Size,
  in2_features: Size,
  out_features: Size,
  bias: z.boolean().default(true),
});

const PADDING_MODES = ['zeros', 'reflect', 'replicate', 'circular'] as const;

/** The leading arguments every ConvNd and ConvTransposeNd takes, in torch's order. */
function convHead<T extends string>(type: T, n: number) {
  return { type: z.literal(type), in_channels: Size, out_channels: Size, kernel_size: ints(n, Size), stride: ints(n, Pos).default(1) };
}

/** torch.nn.ConvNd(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros') */
function conv<T extends string>(type: T, n: number) {
  return z.strictObject({
    ...convHead(type, n),
    padding: z.union([ints(n, Size), z.enum(['same', 'valid'])]).default(0),
    dilation: ints(n, Pos).default(1),
    groups: Pos.default(1),
    bias: z.boolean().default(true),
    padding_mode: z.enum(PADDING_MODES).default('zeros'),
  });
}
/** torch.nn.ConvTransposeNd(..., output_padding=0, groups=1, bias=True, dilation=1, padding_mode='zeros') */
function convTranspose<T extends string>(type: T, n: number) {
  return z.strictObject({
    ...convHead(type, n),
    padding: ints(n, Size).default(0),
    output_padding: ints(n, Size).default(0),
    groups: Pos.default(1),
    bias: z.boolean().default(true),
    dilation: ints(n, Pos).default(1),
    padding_mode: z.enum(PADDING_MODES).default('zeros'),
  });
}

const embeddingFields = {
  num_embeddings: Size,
  embedding_dim: Size,
  padding_idx: Int.nullable().default(null),
  max_norm: z.number().nullable().default(null),
  norm_type: z.number().default(2.0),
  scale_grad_by_freq: z.boolean().default(false),
  sparse: z.boolean().default(false),
};
/** torch.nn.Embedding(num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False) */
const Embedding = z.strictObject({ type: z.literal('Embedding'), ...embeddingFields });
/** torch.nn.EmbeddingBag(..., mode='mean', sparse=False, include_last_offset=False, padding_idx=None) */
const EmbeddingBag = z.strictObject({
  type: z.literal('EmbeddingBag'),
  ...embeddingFields,
  mode: z.enum(['sum', 'mean', 'max']).default('mean'),
  include_last_offset: z.boolean().default(false),
});

const rnnFields = {
  input_size: Size,
  hidden_size: Size,
  num_layers: Pos.default(1),
  bias: z.boolean().default(true),
  batch_first: z.boolean().default(false),
  dropout: Prob.default(0),
  bidirectional: z.boolean().default(false),
};
/** torch.nn.RNN(input_size, hidden_size, num_layers=1, nonlinearity='tanh', bias=True, batch_first=False, dropout=0, bidirectional=False) */
const RNN = z.strictObject({
  type: z.literal('RNN'),
  ...rnnFields,
  nonlinearity: z.string().max(64).default('tanh').meta({ description: "'tanh' or 'relu'; torch refuses others (422 with its message)" }),
});
/** torch.nn.LSTM(..., proj_size=0) */
const LSTM = z.strictObject({ type: z.literal('LSTM'), ...rnnFields, proj_size: Size.default(0) });
/** torch.nn.GRU(input_size, hidden_size, ...) */
const GRU = z.strictObject({ type: z.literal('GRU'), ...rnnFields });
const cellFields = { input_size: Size, hidden_size: Size, bias: z.boolean().default(true) };
/** torch.nn.RNNCell(input_size, hidden_size, bias=True, nonlinearity='tanh') */
const RNNCell = z.strictObject({ type: z.literal('RNNCell'), ...cellFields, nonlinearity: z.enum(['tanh', 'relu']).default('tanh') });
const LSTMCell = z.strictObject({ type: z.literal('LSTMCell'), ...cellFields });
const GRUCell = z.strictObject({ type: z.literal('GRUCell'), ...cellFields });

/** torch.nn.LayerNorm(normalized_shape, eps=1e-05, elementwise_affine=True) */
const LayerNorm = z.strictObject({
  type: z.literal('LayerNorm'),
  normalized_shape: z.union([Size, z.array(Size)]),
  eps: z.number().default(1e-5),
  elementwise_affine: z.boolean().default(true),
});
/** torch.nn.GroupNorm(num_groups, num_channels, eps=1e-05, affine=True) */
const GroupNorm = z.strictObject({
  type: z.literal('GroupNorm'),
  num_groups: Pos,
  num_channels: Size,
  eps: z.number().default(1e-5),
  affine: z.boolean().default(true),
});
/** torch.nn.BatchNormNd / InstanceNormNd(num_features, eps=1e-05, momentum=0.1, affine, track_running_stats) */
function norm<T extends string>(type: T, affine: boolean, stats: boolean) {
  return z.strictObject({
    type: z.literal(type),
    num_features: Size,
    eps: z.number().default(1e-5),
    momentum: z.number().nullable().default(0.1),
    affine: z.boolean().default(affine),
    track_running_stats: z.boolean().default(stats),
  });
}

/** torch.nn.MultiheadAttention(embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False, add_zero_attn=False, kdim=None, vdim=None, batch_first=False) */
const MultiheadAttention = z.strictObject({
  type: z.literal('MultiheadAttention'),
  embed_dim: Size,
  num_heads: Pos,
  dropout: Prob.default(0),
  bias: z.boolean().default(true),
  add_bias_kv: z.boolean().default(false),
  add_zero_attn: z.boolean().default(false),
  kdim: Size.nullable().default(null),
  vdim: Size.nullable().default(null),
  batch_first: z.boolean().default(false),
});
/** torch.nn.PReLU(num_parameters=1, init=0.25) */
const PReLU = z.strictObject({ type: z.literal('PReLU'), num_parameters: Size.default(1), init: z.number().default(0.25) });

const layerFields = {
  d_model: Size,
  nhead: Pos,
  dim_feedforward: Size.default(2048),
  dropout: Prob.default(0.1),
  activation: z.enum(['relu', 'gelu']).default('relu'),
  layer_norm_eps: z.number().default(1e-5),
  batch_first: z.boolean().default(false),
  norm_first: z.boolean().default(false),
};
/** torch.nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward=2048, dropout=0.1, activation='relu', layer_norm_eps=1e-05, batch_first=False, norm_first=False) */
const TransformerEncoderLayer = z.strictObject({ type: z.literal('TransformerEncoderLayer'), ...layerFields });
/** torch.nn.TransformerDecoderLayer(...), same arguments. */
const TransformerDecoderLayer = z.strictObject({ type: z.literal('TransformerDecoderLayer'), ...layerFields });
/** torch.nn.TransformerEncoder(encoder_layer, num_layers, norm=None, enable_nested_tensor=True, mask_check=True) */
export const TransformerEncoder = z.strictObject({
  type: z.literal('TransformerEncoder'),
  encoder_layer: TransformerEncoderLayer,
  num_layers: Size,
  norm: LayerNorm.nullable().default(null),
  enable_nested_tensor: z.boolean().default(true),
  mask_check: z.boolean().default(true),
});
/** torch.nn.TransformerDecoder(decoder_layer, num_layers, norm=None) */
export const TransformerDecoder = z.strictObject({
  type: z.literal('TransformerDecoder'),
  decoder_layer: TransformerDecoderLayer,
  num_layers: Size,
  norm: LayerNorm.nullable().default(null),
});
/** torch.nn.Transformer(d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, dim_feedforward=2048, ...) */
const Transformer = z.strictObject({
  type: z.literal('Transformer'),
  ...layerFields,
  d_model: Size.default(512),
  nhead: Pos.default(8),
  num_encoder_layers: Size.default(6),
  num_decoder_layers: Size.default(6),
});

/** Every layer with parameters or buffers, with its `dtype=`. */
export const withDtype = [
      Linear, Bilinear,
      conv('Conv1d', 1), conv('Conv2d', 2), conv('Conv3d', 3),
      convTranspose('ConvTranspose1d', 1), convTranspose('ConvTranspose2d', 2), convTranspose('ConvTranspose3d', 3),
      Embedding, EmbeddingBag,
      RNN, LSTM, GRU, RNNCell, LSTMCell, GRUCell,
      LayerNorm, GroupNorm,
      norm('BatchNorm1d', true, true), norm('BatchNorm2d', true, true), norm('BatchNorm3d', true, true),
      norm('InstanceNorm1d', false, false), norm('InstanceNorm2d', false, false), norm('InstanceNorm3d', false, false),
      MultiheadAttention, PReLU,
      TransformerEncoderLayer, TransformerDecoderLayer, Transformer,
    ].map((m) => m.extend(factoryDtype));
