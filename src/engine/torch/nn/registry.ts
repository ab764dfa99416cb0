import { TorchError } from '../../errors.js';
import { multiheadAttention, multiheadAttentionShapes, prelu, type MultiheadAttentionOptions, type PReLUOptions } from './activation.js';
import { batchNorm, BATCH_NORM_DEFAULTS, normBaseShapes, type NormBaseOptions } from './batchnorm.js';
import { conv, convShapes, type ConvKind, type ConvOptions } from './conv.js';
import type { InitContext } from './init.js';
import { instanceNorm, INSTANCE_NORM_DEFAULTS } from './instancenorm.js';
import { bilinear, bilinearShapes, linear, linearShapes, type BilinearOptions, type LinearOptions } from './linear.js';
import type { FloatDType } from '../tensor/tensor.js';
import { prefixed, shapesNumel, shapesWork, type BuildChild, type ModuleBuilder, type ModuleCounter, type ModuleSpec, type StateDict } from './module.js';
import { groupNorm, groupNormShapes, layerNorm, layerNormShapes, type GroupNormOptions, type LayerNormOptions } from './normalization.js';
import { rnn, rnnCell, rnnCellShapes, rnnShapes, type RnnCellOptions, type RnnMode, type RnnOptions } from './rnn.js';
import { embedding, embeddingShapes, type EmbeddingOptions } from './sparse.js';
import {
  transformer,
  transformerLayer,
  transformerLayerShapes,
  transformerShapes,
  transformerStack,
  type TransformerLayerOptions,
  type TransformerOptions,
} from './transformer.js';

/** Layers that hold no parameters or buffers and draw nothing when constructed. */
export const STATELESS_MODULES = [
  'ReLU', 'Tanh', 'Sigmoid', 'Dropout', 'Flatten', 'Identity', 'GELU', 'SiLU', 'ELU', 'LeakyReLU', 'Softmax',
  'LogSoftmax', 'Softplus', 'Mish', 'Hardtanh', 'ReLU6', 'Dropout1d', 'Dropout2d', 'Dropout3d', 'AlphaDropout',
  'FeatureAlphaDropout', 'MaxPool1d', 'MaxPool2d', 'MaxPool3d', 'AvgPool1d', 'AvgPool2d', 'AvgPool3d', 'AdaptiveAvgPool1d',
  'AdaptiveAvgPool2d', 'AdaptiveAvgPool3d', 'AdaptiveMaxPool1d', 'AdaptiveMaxPool2d', 'AdaptiveMaxPool3d', 'Unflatten',
  'Softsign', 'Tanhshrink', 'Hardsigmoid', 'Hardswish', 'SELU', 'CELU', 'GLU', 'LogSigmoid', 'Threshold', 'Softmin',
  'Hardshrink', 'Softshrink', 'Softmax2d', 'PixelShuffle', 'PixelUnshuffle', 'Upsample', 'ZeroPad2d',
  'ConstantPad1d', 'ConstantPad2d', 'ConstantPad3d', 'ReflectionPad1d', 'ReflectionPad2d', 'ReplicationPad1d',
  'ReplicationPad2d', 'ReplicationPad3d', 'LocalResponseNorm', 'ChannelShuffle',
] as const;
/** One of `STATELESS_MODULES` (src/schemas/modules/stateless.ts has one schema for each). */
export type StatelessModule = (typeof STATELESS_MODULES)[number];

/** Fields of nn.TransformerEncoder / nn.TransformerDecoder: the layer to clone, how many, the final norm. */
interface StackOptions {
  encoder_layer?: ModuleSpec;
  decoder_layer?: ModuleSpec;
  num_layers: number;
  norm?: ModuleSpec | null;
  enable_nested_tensor?: boolean;
}

/**
 * The options object each torch.nn class with parameters (or children) is built from, by class name:
 * the contract with the request schemas (src/schemas/modules.ts checks at compile time that the
 * validated spec of every type here is its options type, and test/schemas/tables.test.ts that the
 * schemas accept exactly the types the registry builds).
 */
export interface ModuleOptions {
  Linear: LinearOptions;
  Bilinear: BilinearOptions;
  Conv1d: ConvOptions;
  Conv2d: ConvOptions;
  Conv3d: ConvOptions;
  ConvTranspose1d: ConvOptions;
  ConvTranspose2d: ConvOptions;
  ConvTranspose3d: ConvOptions;
  Embedding: EmbeddingOptions;
  EmbeddingBag: EmbeddingOptions;
  RNN: RnnOptions;
  LSTM: RnnOptions;
  GRU: RnnOptions;
  RNNCell: RnnCellOptions;
  LSTMCell: RnnCellOptions;
  GRUCell: RnnCellOptions;
  LayerNorm: LayerNormOptions;
  GroupNorm: GroupNormOptions;
  BatchNorm1d: NormBaseOptions;
  BatchNorm2d: NormBaseOptions;
  BatchNorm3d: NormBaseOptions;
  InstanceNorm1d: NormBaseOptions;
  InstanceNorm2d: NormBaseOptions;
  InstanceNorm3d: NormBaseOptions;
  MultiheadAttention: MultiheadAttentionOptions;
  PReLU: PReLUOptions;
  TransformerEncoderLayer: TransformerLayerOptions;
  TransformerDecoderLayer: TransformerLayerOptions;
  TransformerEncoder: StackOptions;
  TransformerDecoder: StackOptions;
  Transformer: TransformerOptions;
  Sequential: { layers?: ModuleSpec[] };
}

/** How the registry builds one torch.nn class and counts its elements without building it. */
interface Entry {
  build: ModuleBuilder;
  count: ModuleCounter;
  /** The parameter and buffer shapes, when known from the spec alone (for the work estimate of `moduleWork`). */
  shapes?: (spec: ModuleSpec) => number[][];
}

const entries = new Map<string, Entry>();

/**
 * A spec of type K as the options object of its module file. The one assertion of the registry: the
 * schema of `spec.type` checked every field and filled torch's defaults, its output is ModuleOptions[K]
 * (checked at compile time in src/schemas/modules.ts), and the spec's type picked this entry.
 */
function optionsOf<K extends keyof ModuleOptions>(_type: K, spec: ModuleSpec): ModuleOptions[K] {
  return spec as unknown as ModuleOptions[K];
}

/** Registers the builder of one torch.nn class, and how to count its elements without building it. */
function registerModule(type: string, builder: ModuleBuilder, counter: ModuleCounter): void {
  entries.set(type, { build: builder, count: counter });
}

/** Registers a class whose options are ModuleOptions[K] and whose state_dict shapes `shapes` gives. */
function withShapes<K extends keyof ModuleOptions>(
  type: K,
  build: (ctx: InitContext, o: ModuleOptions[K], buildChild: BuildChild, path: string) => StateDict,
  shapes: (o: ModuleOptions[K]) => Array<[string, number[]]>,
): void {
  const list = (spec: ModuleSpec): number[][] => shapes(optionsOf(type, spec)).map(([, s]) => s);
  entries.set(type, { build: (ctx, spec, b, path) => build(ctx, optionsOf(type, spec), b, path), count: (spec) => shapesNumel(list(spec)), shapes: list });
}

withShapes('Linear', (ctx, o: LinearOptions) => linear(ctx, o), linearShapes);
withShapes('Bilinear', (ctx, o: BilinearOptions, _b, path) => bilinear(ctx, o, path), bilinearShapes);

const CONVS = [
  ['Conv1d', { dims: 1, transposed: false }],
  ['Conv2d', { dims: 2, transposed: false }],
  ['Conv3d', { dims: 3, transposed: false }],
  ['ConvTranspose1d', { dims: 1, transposed: true }],
  ['ConvTranspose2d', { dims: 2, transposed: true }],
  ['ConvTranspose3d', { dims: 3, transposed: true }],
] as const satisfies ReadonlyArray<readonly [string, ConvKind]>;
for (const [type, kind] of CONVS) {
  withShapes(type, (ctx, o: ConvOptions, _b, path) => conv(ctx, o, kind, path), (o: ConvOptions) => convShapes(o, kind));
}

withShapes('Embedding', (ctx, o: EmbeddingOptions, _b, path) => embedding(ctx, o, false, path), embeddingShapes);
withShapes('EmbeddingBag', (ctx, o: EmbeddingOptions, _b, path) => embedding(ctx, o, true, path), embeddingShapes);

const RNNS = [
  ['RNN', 'RNNCell', 'RNN'],
  ['LSTM', 'LSTMCell', 'LSTM'],
  ['GRU', 'GRUCell', 'GRU'],
] as const satisfies ReadonlyArray<readonly [string, string, RnnMode]>;
for (const [type, cell, mode] of RNNS) {
  withShapes(type, (ctx, o: RnnOptions, _b, path) => rnn(ctx, o, mode, path), (o: RnnOptions) => rnnShapes(o, mode));
  withShapes(cell, (ctx, o: RnnCellOptions) => rnnCell(ctx, o, mode), (o: RnnCellOptions) => rnnCellShapes(o, mode));
}

withShapes('LayerNorm', (ctx, o: LayerNormOptions) => layerNorm(ctx, o), layerNormShapes);
withShapes('GroupNorm', (ctx, o: GroupNormOptions, _b, path) => groupNorm(ctx, o, path), groupNormShapes);
for (const type of ['BatchNorm1d', 'BatchNorm2d', 'BatchNorm3d'] as const) {
  withShapes(type, (ctx, o: NormBaseOptions) => batchNorm(ctx, o), (o: NormBaseOptions) => normBaseShapes(o, BATCH_NORM_DEFAULTS));
}
for (const type of ['InstanceNorm1d', 'InstanceNorm2d', 'InstanceNorm3d'] as const) {
  withShapes(type, (ctx, o: NormBaseOptions) => instanceNorm(ctx, o), (o: NormBaseOptions) => normBaseShapes(o, INSTANCE_NORM_DEFAULTS));
}

withShapes('MultiheadAttention', (ctx, o: MultiheadAttentionOptions, _b, path) => multiheadAttention(ctx, o, path), multiheadAttentionShapes);
registerModule('PReLU', (ctx, spec) => prelu(ctx, optionsOf('PReLU', spec)), (spec) => optionsOf('PReLU', spec).num_parameters ?? 1);

withShapes('TransformerEncoderLayer', (ctx, o: TransformerLayerOptions, _b, path) => transformerLayer(ctx, o, false, path), (o: TransformerLayerOptions) => transformerLayerShapes(o, false));
withShapes('TransformerDecoderLayer', (ctx, o: TransformerLayerOptions, _b, path) => transformerLayer(ctx, o, true, path), (o: TransformerLayerOptions) => transformerLayerShapes(o, true));

for (const [type, field] of [['TransformerEncoder', 'encoder_layer'], ['TransformerDecoder', 'decoder_layer']] as const) {
  /** The layer spec (the schema requires the field of this type; torch: a missing positional argument). */
  const layerOf = (o: StackOptions): ModuleSpec => {
    const layer = o[field];
    if (!layer) throw new TorchError(`${type}.__init__() missing 1 required positional argument: '${field}'`, 'TypeError', field);
    return layer;
  };
  registerModule(
    type,
    (ctx, spec, build, path) => {
      const o = optionsOf(type, spec);
      return transformerStack(ctx, { layer: layerOf(o), num_layers: o.num_layers, norm: o.norm ?? null, enable_nested_tensor: o.enable_nested_tensor }, build, path, field);
    },
    (spec, count) => {
      const o = optionsOf(type, spec);
      return count(layerOf(o)) * o.num_layers + (o.norm ? count(o.norm) : 0);
    },
  );
}
withShapes('Transformer', (ctx, o: TransformerOptions, _b, path) => transformer(ctx, o, path), transformerShapes);

registerModule(
  'Sequential',
  (ctx, spec, build, path) => {
    const sd: StateDict = [];
    (optionsOf('Sequential', spec).layers ?? []).forEach((layer, i) => {
      sd.push(...prefixed(String(i), build(ctx, layer, `${path}.layers.${i}`)));
    });
    return sd;
  },
  (spec, count) => (optionsOf('Sequential', spec).layers ?? []).reduce((a, l) => a + count(l), 0),
);
for (const t of STATELESS_MODULES) registerModule(t, () => [], () => 0);

/** The registry itself, read-only: every torch.nn class the engine builds, by its torch name. */
export const MODULE_REGISTRY: ReadonlyMap<string, unknown> = entries;

const PARAM_DTYPES: ReadonlySet<string> = new Set<FloatDType>(['float32', 'float64', 'float16', 'bfloat16']);
function isParamDType(d: string): d is FloatDType {
  return PARAM_DTYPES.has(d);
}

/** A spec's `dtype=` factory kwarg (undefined: torch's default float32; the schema allows only these). */
function paramDtypeOf(spec: ModuleSpec): FloatDType | undefined {
  const d = spec.dtype;
  return typeof d === 'string' && isParamDType(d) ? d : undefined;
}

/**
 * Constructs a module as `torch.manual_seed(s); torch.nn.<type>(**kwargs)` would and returns its
 * state_dict, drawing from `ctx.g` in torch's order. `path` locates the spec in the request, for errors.
 * @example buildModule({g: new Generator(0n), kernel: 'avx2'}, {type: 'Linear', in_features: 2, out_features: 1})
 * // [['weight', [[-0.005293981172144413, 0.37932288646698]]], ['bias', [-0.5819807648658752]]]
 */
export function buildModule(ctx: InitContext, spec: ModuleSpec, path = 'module'): StateDict {
  const e = entries.get(spec.type);
  if (!e) throw new TorchError(`module 'torch.nn' has no attribute '${spec.type}'`, 'AttributeError', `${path}.type`);
  // dtype= reaches the module and the sub-modules it constructs (torch's factory_kwargs)
  const dtype = paramDtypeOf(spec);
  return e.build(dtype === undefined ? ctx : { ...ctx, dtype }, spec, buildModule, path);
}

/**
 * Work units of building and writing a module's state_dict, from its shapes alone (no draws, no
 * allocation): elements, plus the nested lists of every tensor (so `Linear(0, N, bias=False)`, whose
 * weight is N empty rows, costs N), plus 16 per tensor. Bounds the loop iterations of the build and
 * the JSON answer (at most 25 bytes a unit).
 * @example moduleWork({type: 'Linear', in_features: 0, out_features: 1000, bias: false}) // 1017
 */
export function moduleWork(spec: ModuleSpec): number {
  const e = entries.get(spec.type);
  if (!e) return 0;
  return e.shapes ? shapesWork(e.shapes(spec)) : e.count(spec, moduleWork) + 8;
}

/**
 * Total elements (parameters and buffers) a module spec's construction allocates, computed from the
 * shapes alone: no draws, no allocation. Unknown types count 0 (building them fails anyway).
 * @example countParameters({type: 'Linear', in_features: 4096, out_features: 4096}) // 16781312
 */
export function countParameters(spec: ModuleSpec): number {
  const e = entries.get(spec.type);
  return e ? e.count(spec, countParameters) : 0;
}
