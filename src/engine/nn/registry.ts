import { TorchError } from '../errors.js';
import type { InitContext } from './init.js';
import { linear, type LinearOptions } from './linear.js';
import { prefixed, type ModuleBuilder, type ModuleSpec, type StateDict } from './module.js';

/** Layers that hold no parameters or buffers and draw nothing when constructed. */
export const STATELESS_MODULES = [
  'ReLU', 'Tanh', 'Sigmoid', 'Dropout', 'Flatten', 'Identity', 'GELU', 'SiLU', 'ELU', 'LeakyReLU', 'Softmax',
  'LogSoftmax', 'Softplus', 'Mish', 'Hardtanh', 'ReLU6', 'Dropout1d', 'Dropout2d', 'Dropout3d', 'AlphaDropout',
  'MaxPool1d', 'MaxPool2d', 'MaxPool3d', 'AvgPool1d', 'AvgPool2d', 'AvgPool3d', 'AdaptiveAvgPool1d',
  'AdaptiveAvgPool2d', 'AdaptiveAvgPool3d', 'AdaptiveMaxPool1d', 'AdaptiveMaxPool2d', 'Unflatten', 'Softsign',
  'Tanhshrink', 'Hardsigmoid', 'Hardswish', 'SELU', 'CELU', 'GLU', 'LogSigmoid', 'Threshold', 'Softmin',
] as const;

const builders = new Map<string, ModuleBuilder>();

/** Registers the builder of one torch.nn class. */
export function registerModule(type: string, builder: ModuleBuilder): void {
  builders.set(type, builder);
}

registerModule('Linear', (ctx, spec) => linear(ctx, spec as unknown as LinearOptions));
registerModule('Sequential', (ctx, spec, build) => {
  const layers = (spec.layers ?? []) as ModuleSpec[];
  const sd: StateDict = [];
  layers.forEach((layer, i) => {
    sd.push(...prefixed(String(i), build(ctx, layer)));
  });
  return sd;
});
for (const t of STATELESS_MODULES) registerModule(t, () => []);

/**
 * Constructs a module as `torch.manual_seed(s); torch.nn.<type>(**kwargs)` would and returns its
 * state_dict, drawing from `ctx.g` in torch's order.
 */
export function buildModule(ctx: InitContext, spec: ModuleSpec): StateDict {
  const b = builders.get(spec.type);
  if (!b) throw new TorchError(`module 'torch.nn' has no attribute '${spec.type}'`, 'AttributeError', 'module.type');
  return b(ctx, spec, buildModule);
}
