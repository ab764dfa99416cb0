import { z } from 'zod';
import { MAX_INT } from './common.js';

// Module specs for POST /v1/modules and script steps: torch.nn class names with their constructor
// kwargs in snake_case and torch 1.13's defaults. Unknown kwargs are refused (strict objects), and every
// field is checked against the range torch accepts for it alone (400); combinations torch refuses
// (groups not dividing channels, embed_dim not divisible by num_heads, ...) are the engine's 422.

/** A size or count torch accepts: a non-negative int. */
const Size = z.int().min(0).max(MAX_INT);
/** A positive int (groups, heads, strides, layers). */
const Pos = z.int().min(1).max(MAX_INT);
/** Any int that fits a Python int the engine can hold exactly (dims, indices). */
const Int = z.int().min(-MAX_INT).max(MAX_INT);
/** A probability, as torch's dropout layers require. */
const Prob = z.number().min(0).max(1);

/** An int or a list of n ints (torch's `_single/_pair/_triple`), each checked by `item`. */
function ints(n: number, item: z.ZodInt) {
  return z.union([item, z.array(item).length(n)]);
}

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

/** torch.nn.ConvNd(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros') */
function conv<T extends string>(type: T, n: number) {
  return z.strictObject({
    type: z.literal(type),
    in_channels: Size,
    out_channels: Size,
    kernel_size: ints(n, Size),
    stride: ints(n, Pos).default(1),
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
    type: z.literal(type),
    in_channels: Size,
    out_channels: Size,
    kernel_size: ints(n, Size),
    stride: ints(n, Pos).default(1),
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
const TransformerEncoder = z.strictObject({
  type: z.literal('TransformerEncoder'),
  encoder_layer: TransformerEncoderLayer,
  num_layers: Size,
  norm: LayerNorm.nullable().default(null),
  enable_nested_tensor: z.boolean().default(true),
  mask_check: z.boolean().default(true),
});
/** torch.nn.TransformerDecoder(decoder_layer, num_layers, norm=None) */
const TransformerDecoder = z.strictObject({
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

// Parameter-free layers, with their constructor arguments (none of them changes the state or the draws).
const inplace = { inplace: z.boolean().default(false) };
const dim = { dim: Int.nullable().default(null) };
function free<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return z.strictObject({ type: z.literal(type), ...shape });
}
function dropout<T extends string>(type: T) {
  return free(type, { p: Prob.default(0.5), ...inplace });
}
function maxPool<T extends string>(type: T, n: number) {
  return free(type, {
    kernel_size: ints(n, Pos),
    stride: ints(n, Pos).nullable().default(null),
    padding: ints(n, Size).default(0),
    dilation: ints(n, Pos).default(1),
    return_indices: z.boolean().default(false),
    ceil_mode: z.boolean().default(false),
  });
}
function avgPool<T extends string>(type: T, n: number) {
  const base = {
    kernel_size: ints(n, Pos),
    stride: ints(n, Pos).nullable().default(null),
    padding: ints(n, Size).default(0),
    ceil_mode: z.boolean().default(false),
    count_include_pad: z.boolean().default(true),
  };
  return n === 1 ? free(type, base) : free(type, { ...base, divisor_override: Pos.nullable().default(null) });
}
function adaptive<T extends string>(type: T, n: number, indices: boolean) {
  const output_size = z.union([Size, z.array(Size.nullable()).length(n)]);
  return indices ? free(type, { output_size, return_indices: z.boolean().default(false) }) : free(type, { output_size });
}
function pad<T extends string>(type: T, n: number, value: boolean) {
  const padding = ints(2 * n, Size);
  return value ? free(type, { padding, value: z.number() }) : free(type, { padding });
}

const Stateless = [
  free('ReLU', inplace), free('ReLU6', inplace), free('SiLU', inplace), free('Mish', inplace), free('SELU', inplace),
  free('Hardsigmoid', inplace), free('Hardswish', inplace),
  free('Tanh', {}), free('Sigmoid', {}), free('Softsign', {}), free('Tanhshrink', {}), free('LogSigmoid', {}), free('Softmax2d', {}),
  free('Identity', {}),
  free('GELU', { approximate: z.enum(['none', 'tanh']).default('none') }),
  free('ELU', { alpha: z.number().default(1.0), ...inplace }),
  free('CELU', { alpha: z.number().default(1.0), ...inplace }),
  free('LeakyReLU', { negative_slope: z.number().default(0.01), ...inplace }),
  free('Softmax', dim), free('LogSoftmax', dim), free('Softmin', dim),
  free('Softplus', { beta: z.number().default(1), threshold: z.number().default(20) }),
  free('Hardtanh', { min_val: z.number().default(-1.0), max_val: z.number().default(1.0), ...inplace }),
  free('Threshold', { threshold: z.number(), value: z.number(), ...inplace }),
  free('Hardshrink', { lambd: z.number().default(0.5) }),
  free('Softshrink', { lambd: z.number().default(0.5) }),
  free('GLU', { dim: Int.default(-1) }),
  dropout('Dropout'), dropout('Dropout1d'), dropout('Dropout2d'), dropout('Dropout3d'), dropout('AlphaDropout'), dropout('FeatureAlphaDropout'),
  free('Flatten', { start_dim: Int.default(1), end_dim: Int.default(-1) }),
  free('Unflatten', { dim: Int, unflattened_size: z.array(Int).min(1) }),
  maxPool('MaxPool1d', 1), maxPool('MaxPool2d', 2), maxPool('MaxPool3d', 3),
  avgPool('AvgPool1d', 1), avgPool('AvgPool2d', 2), avgPool('AvgPool3d', 3),
  adaptive('AdaptiveAvgPool1d', 1, false), adaptive('AdaptiveAvgPool2d', 2, false), adaptive('AdaptiveAvgPool3d', 3, false),
  adaptive('AdaptiveMaxPool1d', 1, true), adaptive('AdaptiveMaxPool2d', 2, true), adaptive('AdaptiveMaxPool3d', 3, true),
  free('PixelShuffle', { upscale_factor: Pos }),
  free('PixelUnshuffle', { downscale_factor: Pos }),
  free('ChannelShuffle', { groups: Pos }),
  free('LocalResponseNorm', { size: Pos, alpha: z.number().default(1e-4), beta: z.number().default(0.75), k: z.number().default(1.0) }),
  pad('ZeroPad2d', 2, false), pad('ConstantPad1d', 1, true), pad('ConstantPad2d', 2, true), pad('ConstantPad3d', 3, true),
  pad('ReflectionPad1d', 1, false), pad('ReflectionPad2d', 2, false),
  pad('ReplicationPad1d', 1, false), pad('ReplicationPad2d', 2, false), pad('ReplicationPad3d', 3, false),
] as const;

/** Deepest nesting of modules a request may describe (torch's own state_dict recursion stops near 1000). */
export const MAX_MODULE_DEPTH = 64;

/** Nesting depth of a JSON value (objects and arrays), measured without recursion. */
function jsonDepth(v: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[v, 0]];
  while (stack.length > 0) {
    const [x, d] = stack.pop()!;
    if (x === null || typeof x !== 'object') continue;
    max = Math.max(max, d + 1);
    for (const c of Object.values(x as object)) stack.push([c, d + 1]);
  }
  return max;
}

/** torch.nn.Sequential(*layers): children named 0, 1, ... in order; `layers` nests any module spec. */
const Sequential = z.strictObject({
  type: z.literal('Sequential'),
  get layers(): z.ZodDefault<z.ZodArray<typeof ModuleSpecSchema>> {
    // the bounded schema, so every level is checked before its children are
    return z.array(ModuleSpecSchema).default([]);
  },
});

/** A module as torch would construct it: `type` is the torch.nn class name, the other fields its kwargs. */
/** torch's `dtype=` factory kwarg of the modules that own parameters or buffers. */
const factoryDtype = { dtype: z.enum(['float32', 'float64', 'float16', 'bfloat16']).default('float32').meta({ description: 'dtype= of the parameters and floating buffers (torch.float32, float64, float16 or bfloat16)' }) };

const withDtype = [
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

const ModuleUnion = z.discriminatedUnion('type', [
    withDtype[0]!,
    ...withDtype.slice(1),
    TransformerEncoder, TransformerDecoder,
    ...Stateless,
    Sequential,
  ]);

/**
 * The module spec of a request. Nesting is bounded (MAX_MODULE_DEPTH Sequentials) before the recursive
 * validation runs, so a deep body is a 400, never a stack overflow.
 */
export const ModuleSpecSchema = z
  .preprocess((v, ctx) => {
    // each Sequential level is an object and its `layers` array: 2 JSON levels
    if (jsonDepth(v) > 2 * MAX_MODULE_DEPTH + 4) {
      ctx.issues.push({ code: 'custom', message: `modules nest deeper than ${MAX_MODULE_DEPTH} levels`, input: v });
      return z.NEVER;
    }
    return v;
  }, ModuleUnion)
  .meta({ id: 'ModuleSpec', description: 'A torch.nn module: `type` is the class name, the other fields its constructor arguments (snake_case, torch defaults).' });

/** A validated module spec (defaults filled). */
export type ModuleSpecOutput = z.output<typeof ModuleUnion>;
/** A module spec as a client writes it. */
export type ModuleSpecInput = z.input<typeof ModuleUnion>;

// --- torch.nn.init functions (for POST /v1/init and script steps) -------------------------------

/** `torch.empty(size)`: the tensor an init function fills. */
const InitSize = z.array(Size).max(16);
function initFn<T extends string, S extends z.ZodRawShape>(fn: T, shape: S) {
  return z.strictObject({ fn: z.literal(fn), size: InitSize, ...shape });
}
const gain = { gain: z.number().default(1) };
const kaiming = {
  // torch passes `a` to calculate_gain, which refuses a bool only for leaky_relu (422 there)
  a: z.union([z.number(), z.boolean()]).default(0),
  mode: z.string().max(64).default('fan_in'),
  nonlinearity: z.string().max(64).default('leaky_relu'),
};

/**
 * `t = torch.empty(size); torch.nn.init.<fn>(t, **kwargs)`: `fn` is the init function's name, the other
 * fields its keyword arguments with torch's defaults. Argument combinations torch refuses (fans of a 1-D
 * tensor, an unknown nonlinearity or mode, a negative std) are the engine's 422.
 */
export const InitSpecSchema = z
  .discriminatedUnion('fn', [
    initFn('uniform_', { a: z.number().default(0), b: z.number().default(1) }),
    initFn('normal_', { mean: z.number().default(0), std: z.number().default(1) }),
    initFn('constant_', { val: z.number() }),
    initFn('ones_', {}),
    initFn('zeros_', {}),
    initFn('eye_', {}),
    initFn('dirac_', { groups: Pos.default(1) }),
    initFn('xavier_uniform_', gain),
    initFn('xavier_normal_', gain),
    initFn('kaiming_uniform_', kaiming),
    initFn('kaiming_normal_', kaiming),
    initFn('trunc_normal_', { mean: z.number().default(0), std: z.number().default(1), a: z.number().default(-2), b: z.number().default(2) }),
    initFn('orthogonal_', gain),
    initFn('sparse_', { sparsity: z.number(), std: z.number().default(0.01) }),
  ])
  .meta({ id: 'InitSpec', description: 'A torch.nn.init function applied to torch.empty(size): `fn` is its name, the other fields its keyword arguments.' });

/** A validated init request body without its seed (defaults filled). */
export type InitSpecOutput = z.output<typeof InitSpecSchema>;
