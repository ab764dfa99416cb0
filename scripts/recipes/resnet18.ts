// The /v1/scripts request that reproduces torchvision.models.resnet18()'s initial weights, and how to put
// its results back together into the model's state_dict. docs/recipes/resnet18.md explains it;
// test/parity/recipe.resnet18.test.ts checks it against torchvision 0.29.1 (fixture written by
// test/parity/fixtures/gen_recipe_resnet18.py).
//
//   npx tsx scripts/recipes/resnet18.ts 0 > resnet18.json      # the request body for seed 0
//   curl -s localhost:3000/v1/scripts -H 'content-type: application/json' -d @resnet18.json

/** A module spec as /v1/modules takes it. */
type Spec = Record<string, unknown> & { type: string };
/** One layer of the model: its state_dict prefix and its constructor call. */
export interface Layer {
  key: string;
  module: Spec;
}

const conv = (i: number, o: number, k: number, stride: number, padding: number): Spec => ({
  type: 'Conv2d', in_channels: i, out_channels: o, kernel_size: k, stride, padding, bias: false,
});
const bn = (c: number): Spec => ({ type: 'BatchNorm2d', num_features: c });

/**
 * The layers of torchvision's ResNet(BasicBlock, [2, 2, 2, 2]) that own parameters, twice: in the order
 * the constructor builds them (which is the order they draw from the generator) and in the order
 * `model.modules()` and `state_dict()` list them. They differ in one place: torchvision/models/resnet.py@0.29
 * `_make_layer` builds a stage's `downsample = nn.Sequential(conv1x1(...), norm_layer(...))` before its
 * first block, while the block registers it (`self.downsample = downsample`) after its own conv2/bn2.
 */
export function resnet18Layers(numClasses = 1000): { construction: Layer[]; registration: Layer[] } {
  const construction: Layer[] = [
    { key: 'conv1', module: conv(3, 64, 7, 2, 3) },
    { key: 'bn1', module: bn(64) },
  ];
  const registration: Layer[] = [...construction];
  let inplanes = 64;
  [64, 128, 256, 512].forEach((planes, s) => {
    const stride = s === 0 ? 1 : 2;
    const stage = `layer${s + 1}`;
    let downsample: Layer[] = [];
    if (stride !== 1 || inplanes !== planes) {
      // conv1x1(inplanes, planes, stride), norm_layer(planes)
      downsample = [
        { key: `${stage}.0.downsample.0`, module: { ...conv(inplanes, planes, 1, stride, 0) } },
        { key: `${stage}.0.downsample.1`, module: bn(planes) },
      ];
      construction.push(...downsample);
    }
    for (let b = 0; b < 2; b++) {
      // BasicBlock(inplanes, planes, stride): conv3x3, bn1, relu, conv2 = conv3x3(planes, planes), bn2
      const block: Layer[] = [
        { key: `${stage}.${b}.conv1`, module: conv(b === 0 ? inplanes : planes, planes, 3, b === 0 ? stride : 1, 1) },
        { key: `${stage}.${b}.bn1`, module: bn(planes) },
        { key: `${stage}.${b}.conv2`, module: conv(planes, planes, 3, 1, 1) },
        { key: `${stage}.${b}.bn2`, module: bn(planes) },
      ];
      construction.push(...block);
      registration.push(...block, ...(b === 0 ? downsample : []));
    }
    inplanes = planes;
  });
  const fc = { key: 'fc', module: { type: 'Linear', in_features: 512, out_features: numClasses } };
  construction.push(fc);
  registration.push(fc);
  return { construction, registration };
}

/** Shape of a Conv2d's weight: [out_channels, in_channels / groups, k, k]. */
function convWeightShape(m: Spec): number[] {
  const k = m.kernel_size as number;
  return [m.out_channels as number, m.in_channels as number, k, k];
}

/**
 * The script: every layer's constructor in construction order (each draws its default
 * `reset_parameters`, as `nn.Conv2d(...)` and `nn.Linear(...)` do inside ResNet.__init__), then the
 * constructor's loop `for m in self.modules(): if isinstance(m, nn.Conv2d): nn.init.kaiming_normal_(
 * m.weight, mode="fan_out", nonlinearity="relu")` in modules() order. The loop's
 * `constant_(m.weight, 1)` / `constant_(m.bias, 0)` on BatchNorm layers draws nothing and equals their
 * default state, so it needs no step; `fc` keeps Linear's default initialisation.
 */
export function resnet18Request(seed: number | string, numClasses = 1000): { seed: number | string; steps: Array<Record<string, unknown>> } {
  const { construction, registration } = resnet18Layers(numClasses);
  const steps: Array<Record<string, unknown>> = construction.map((l) => ({ op: 'module', module: l.module }));
  for (const l of registration) {
    if (l.module.type === 'Conv2d') steps.push({ op: 'init', fn: 'kaiming_normal_', size: convWeightShape(l.module), mode: 'fan_out', nonlinearity: 'relu' });
  }
  return { seed, steps };
}

/** A tensor as the API returns it. */
export interface TensorJson {
  shape: number[];
  dtype: string;
  data: unknown;
}

/**
 * Puts the script's results together as `model.state_dict()`: keys in torchvision's order, each
 * layer's tensors from its module step, conv weights from their kaiming_normal_ step.
 */
export function assembleResnet18(results: Array<Record<string, unknown>>, numClasses = 1000): Record<string, TensorJson> {
  const { construction, registration } = resnet18Layers(numClasses);
  const moduleResult = new Map(construction.map((l, i) => [l.key, results[i]!.state_dict as Record<string, TensorJson>]));
  const convs = registration.filter((l) => l.module.type === 'Conv2d');
  const initResult = new Map(convs.map((l, i) => [l.key, (results[construction.length + i]!.tensor as TensorJson)]));
  const out: Record<string, TensorJson> = {};
  for (const l of registration) {
    for (const [name, t] of Object.entries(moduleResult.get(l.key)!)) {
      out[`${l.key}.${name}`] = name === 'weight' && initResult.has(l.key) ? initResult.get(l.key)! : t;
    }
  }
  return out;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const seed = process.argv[2] ?? '0';
  process.stdout.write(`${JSON.stringify(resnet18Request(/^-?\d+$/.test(seed) && Number.isSafeInteger(Number(seed)) ? Number(seed) : seed))}\n`);
}
