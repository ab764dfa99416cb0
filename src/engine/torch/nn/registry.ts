import { TorchError } from '../../errors.js';
import { multiheadAttention, multiheadAttentionShapes, prelu, type MultiheadAttentionOptions, type PReLUOptions } from './activation.js';
import { batchNorm, BATCH_NORM_DEFAULTS, normBaseShapes, type NormBaseOptions } from './batchnorm.js';
import { conv, convShapes, type ConvKind, type ConvOptions } from './conv.js';
import type { InitContext } from './init.js';
import { instanceNorm, INSTANCE_NORM_DEFAULTS } from './instancenorm.js';
import { bilinear, bilinearShapes, linear, linearShapes, type BilinearOptions, type LinearOptions } from './linear.js';
import { prefixed, shapesNumel, shapesWork, withFactoryDtype, type ModuleBuilder, type ModuleCounter, type ModuleSpec, type ParamDType, type StateDict } from './module.js';
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

const builders = new Map<string, ModuleBuilder>();
const counters = new Map<string, ModuleCounter>();

/** Registers the builder of one torch.nn class, and how to count its elements without building it. */
export function registerModule(type: string, builder: ModuleBuilder, counter: ModuleCounter): void {
  builders.set(type, builder);
  counters.set(type, counter);
}

/** The shapes function a counter was made from (for the work estimate of `moduleWork`). */
const shapesOf = new WeakMap<ModuleCounter, (spec: ModuleSpec) => number[][]>();

/** A counter from a shapes function. */
function byShapes<T>(shapes: (o: T) => Array<[string, number[]]>): ModuleCounter {
  const list = (spec: ModuleSpec): number[][] => shapes(spec as unknown as T).map(([, s]) => s);
  const counter: ModuleCounter = (spec) => shapesNumel(list(spec));
  shapesOf.set(counter, list);
  return counter;
}

/** The options object of a spec, typed for a module file (the schema validated it). */
function opts<T>(spec: ModuleSpec): T {
  return spec as unknown as T;
}

registerModule('Linear', (ctx, spec) => linear(ctx, opts<LinearOptions>(spec)), byShapes(linearShapes));
registerModule('Bilinear', (ctx, spec, _b, path) => bilinear(ctx, opts<BilinearOptions>(spec), path), byShapes(bilinearShapes));

for (const transposed of [false, true]) {
  for (const dims of [1, 2, 3] as const) {
    const kind: ConvKind = { dims, transposed };
    registerModule(
      `${transposed ? 'ConvTranspose' : 'Conv'}${dims}d`,
      (ctx, spec, _b, path) => conv(ctx, opts<ConvOptions>(spec), kind, path),
      byShapes((o: ConvOptions) => convShapes(o, kind)),
    );
  }
}

registerModule('Embedding', (ctx, spec, _b, path) => embedding(ctx, opts<EmbeddingOptions>(spec), false, path), byShapes(embeddingShapes));
registerModule('EmbeddingBag', (ctx, spec, _b, path) => embedding(ctx, opts<EmbeddingOptions>(spec), true, path), byShapes(embeddingShapes));

for (const mode of ['RNN', 'LSTM', 'GRU'] as const satisfies readonly RnnMode[]) {
  registerModule(mode, (ctx, spec, _b, path) => rnn(ctx, opts<RnnOptions>(spec), mode, path), byShapes((o: RnnOptions) => rnnShapes(o, mode)));
  registerModule(`${mode}Cell`, (ctx, spec) => rnnCell(ctx, opts<RnnCellOptions>(spec), mode), byShapes((o: RnnCellOptions) => rnnCellShapes(o, mode)));
}

registerModule('LayerNorm', (_ctx, spec) => layerNorm(opts<LayerNormOptions>(spec)), byShapes(layerNormShapes));
registerModule('GroupNorm', (ctx, spec, _b, path) => groupNorm(opts<GroupNormOptions>(spec), path, ctx.g.profile), byShapes(groupNormShapes));
for (const d of [1, 2, 3]) {
  registerModule(`BatchNorm${d}d`, (_ctx, spec) => batchNorm(opts<NormBaseOptions>(spec)), byShapes((o: NormBaseOptions) => normBaseShapes(o, BATCH_NORM_DEFAULTS)));
  registerModule(`InstanceNorm${d}d`, (_ctx, spec) => instanceNorm(opts<NormBaseOptions>(spec)), byShapes((o: NormBaseOptions) => normBaseShapes(o, INSTANCE_NORM_DEFAULTS)));
}

registerModule('MultiheadAttention', (ctx, spec, _b, path) => multiheadAttention(ctx, opts<MultiheadAttentionOptions>(spec), path), byShapes(multiheadAttentionShapes));
registerModule('PReLU', (_ctx, spec) => prelu(opts<PReLUOptions>(spec)), (spec) => (spec.num_parameters as number | undefined) ?? 1);

registerModule(
  'TransformerEncoderLayer',
  (ctx, spec, _b, path) => transformerLayer(ctx, opts<TransformerLayerOptions>(spec), false, path),
  byShapes((o: TransformerLayerOptions) => transformerLayerShapes(o, false)),
);
registerModule(
  'TransformerDecoderLayer',
  (ctx, spec, _b, path) => transformerLayer(ctx, opts<TransformerLayerOptions>(spec), true, path),
  byShapes((o: TransformerLayerOptions) => transformerLayerShapes(o, true)),
);
for (const [type, field] of [['TransformerEncoder', 'encoder_layer'], ['TransformerDecoder', 'decoder_layer']] as const) {
  registerModule(
    type,
    (ctx, spec, build, path) =>
      transformerStack(
        ctx,
        { layer: spec[field] as ModuleSpec, num_layers: spec.num_layers as number, norm: (spec.norm ?? null) as ModuleSpec | null },
        build,
        path,
        field,
      ),
    (spec, count) =>
      count(spec[field] as ModuleSpec) * (spec.num_layers as number) + (spec.norm ? count(spec.norm as ModuleSpec) : 0),
  );
}
registerModule('Transformer', (ctx, spec, _b, path) => transformer(ctx, opts<TransformerOptions>(spec), path), byShapes(transformerShapes));

registerModule(
  'Sequential',
  (ctx, spec, build, path) => {
    const layers = (spec.layers ?? []) as ModuleSpec[];
    const sd: StateDict = [];
    layers.forEach((layer, i) => {
      sd.push(...prefixed(String(i), build(ctx, layer, `${path}.layers.${i}`)));
    });
    return sd;
  },
  (spec, count) => ((spec.layers ?? []) as ModuleSpec[]).reduce((a, l) => a + count(l), 0),
);
for (const t of STATELESS_MODULES) registerModule(t, () => [], () => 0);

/** Every module type the engine builds. */
export function moduleTypes(): string[] {
  return [...builders.keys()];
}

/**
 * Constructs a module as `torch.manual_seed(s); torch.nn.<type>(**kwargs)` would and returns its
 * state_dict, drawing from `ctx.g` in torch's order. `path` locates the spec in the request, for errors.
 * @example buildModule({g: new Generator(0n), kernel: 'avx2'}, {type: 'Linear', in_features: 2, out_features: 1})
 * // [['weight', [[-0.005293981172144413, 0.37932288646698]]], ['bias', [-0.5819807648658752]]]
 */
export function buildModule(ctx: InitContext, spec: ModuleSpec, path = 'module'): StateDict {
  const b = builders.get(spec.type);
  if (!b) throw new TorchError(`module 'torch.nn' has no attribute '${spec.type}'`, 'AttributeError', `${path}.type`);
  return withFactoryDtype(spec.dtype as ParamDType | undefined, () => b(ctx, spec, buildModule, path));
}

/**
 * Work units of building and writing a module's state_dict, from its shapes alone (no draws, no
 * allocation): elements, plus the nested lists of every tensor (so `Linear(0, N, bias=False)`, whose
 * weight is N empty rows, costs N), plus 16 per tensor. Bounds the loop iterations of the build and
 * the JSON answer (at most 25 bytes a unit).
 * @example moduleWork({type: 'Linear', in_features: 0, out_features: 1000, bias: false}) // 1017
 */
export function moduleWork(spec: ModuleSpec): number {
  const c = counters.get(spec.type);
  if (!c) return 0;
  const shapes = shapesOf.get(c);
  return shapes ? shapesWork(shapes(spec)) : c(spec, moduleWork) + 8;
}

/**
 * Total elements (parameters and buffers) a module spec's construction allocates, computed from the
 * shapes alone: no draws, no allocation. Unknown types count 0 (building them fails anyway).
 * @example countParameters({type: 'Linear', in_features: 4096, out_features: 4096}) // 16781312
 */
export function countParameters(spec: ModuleSpec): number {
  const c = counters.get(spec.type);
  return c ? c(spec, countParameters) : 0;
}
