import { z } from 'zod';
import type { StatelessModule } from '../../engine/torch/nn/registry.js';
import { Int, ints, Pos, Prob, Size } from './fields.js';

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

/**
 * One schema per layer the engine's registry lists as parameter-free (STATELESS_MODULES): a layer the
 * engine builds and the schemas refuse, or the reverse, is a compile error.
 */
export const statelessSchemas = {
  ReLU: free('ReLU', inplace),
  ReLU6: free('ReLU6', inplace),
  SiLU: free('SiLU', inplace),
  Mish: free('Mish', inplace),
  SELU: free('SELU', inplace),
  Hardsigmoid: free('Hardsigmoid', inplace),
  Hardswish: free('Hardswish', inplace),
  Tanh: free('Tanh', {}),
  Sigmoid: free('Sigmoid', {}),
  Softsign: free('Softsign', {}),
  Tanhshrink: free('Tanhshrink', {}),
  LogSigmoid: free('LogSigmoid', {}),
  Softmax2d: free('Softmax2d', {}),
  Identity: free('Identity', {}),
  GELU: free('GELU', { approximate: z.enum(['none', 'tanh']).default('none') }),
  ELU: free('ELU', { alpha: z.number().default(1.0), ...inplace }),
  CELU: free('CELU', { alpha: z.number().default(1.0), ...inplace }),
  LeakyReLU: free('LeakyReLU', { negative_slope: z.number().default(0.01), ...inplace }),
  Softmax: free('Softmax', dim),
  LogSoftmax: free('LogSoftmax', dim),
  Softmin: free('Softmin', dim),
  Softplus: free('Softplus', { beta: z.number().default(1), threshold: z.number().default(20) }),
  Hardtanh: free('Hardtanh', { min_val: z.number().default(-1.0), max_val: z.number().default(1.0), ...inplace }),
  Threshold: free('Threshold', { threshold: z.number(), value: z.number(), ...inplace }),
  Hardshrink: free('Hardshrink', { lambd: z.number().default(0.5) }),
  Softshrink: free('Softshrink', { lambd: z.number().default(0.5) }),
  GLU: free('GLU', { dim: Int.default(-1) }),
  Dropout: dropout('Dropout'),
  Dropout1d: dropout('Dropout1d'),
  Dropout2d: dropout('Dropout2d'),
  Dropout3d: dropout('Dropout3d'),
  AlphaDropout: dropout('AlphaDropout'),
  FeatureAlphaDropout: dropout('FeatureAlphaDropout'),
  Flatten: free('Flatten', { start_dim: Int.default(1), end_dim: Int.default(-1) }),
  Unflatten: free('Unflatten', { dim: Int, unflattened_size: z.array(Int).min(1) }),
  MaxPool1d: maxPool('MaxPool1d', 1),
  MaxPool2d: maxPool('MaxPool2d', 2),
  MaxPool3d: maxPool('MaxPool3d', 3),
  AvgPool1d: avgPool('AvgPool1d', 1),
  AvgPool2d: avgPool('AvgPool2d', 2),
  AvgPool3d: avgPool('AvgPool3d', 3),
  AdaptiveAvgPool1d: adaptive('AdaptiveAvgPool1d', 1, false),
  AdaptiveAvgPool2d: adaptive('AdaptiveAvgPool2d', 2, false),
  AdaptiveAvgPool3d: adaptive('AdaptiveAvgPool3d', 3, false),
  AdaptiveMaxPool1d: adaptive('AdaptiveMaxPool1d', 1, true),
  AdaptiveMaxPool2d: adaptive('AdaptiveMaxPool2d', 2, true),
  AdaptiveMaxPool3d: adaptive('AdaptiveMaxPool3d', 3, true),
  PixelShuffle: free('PixelShuffle', { upscale_factor: Pos }),
  PixelUnshuffle: free('PixelUnshuffle', { downscale_factor: Pos }),
  // torch.nn.Upsample(size=None, scale_factor=None, mode='nearest', align_corners=None, recompute_scale_factor=None):
  // the constructor only stores its arguments (mode is checked by forward), so any mode string is accepted
  Upsample: free('Upsample', {
    size: z.union([Size, z.array(Size)]).nullable().default(null),
    scale_factor: z.union([z.number(), z.array(z.number())]).nullable().default(null),
    mode: z.string().max(64).default('nearest').meta({ description: "'nearest', 'linear', 'bilinear', 'bicubic' or 'trilinear'; torch checks it only in forward" }),
    align_corners: z.boolean().nullable().default(null),
    recompute_scale_factor: z.boolean().nullable().default(null),
  }),
  ChannelShuffle: free('ChannelShuffle', { groups: Pos }),
  LocalResponseNorm: free('LocalResponseNorm', { size: Pos, alpha: z.number().default(1e-4), beta: z.number().default(0.75), k: z.number().default(1.0) }),
  ZeroPad2d: pad('ZeroPad2d', 2, false),
  ConstantPad1d: pad('ConstantPad1d', 1, true),
  ConstantPad2d: pad('ConstantPad2d', 2, true),
  ConstantPad3d: pad('ConstantPad3d', 3, true),
  ReflectionPad1d: pad('ReflectionPad1d', 1, false),
  ReflectionPad2d: pad('ReflectionPad2d', 2, false),
  ReplicationPad1d: pad('ReplicationPad1d', 1, false),
  ReplicationPad2d: pad('ReplicationPad2d', 2, false),
  ReplicationPad3d: pad('ReplicationPad3d', 3, false),
} satisfies Record<StatelessModule, z.ZodObject>;
