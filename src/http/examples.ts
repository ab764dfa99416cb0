// Request examples of every computing route, by operationId: the README's examples, each a request
// the service answers with 200 (test/examples.test.ts posts every one). They are put into the OpenAPI
// document's request bodies, so that Swagger UI's "Try it out" at /docs opens with a body that runs.

/** One named example: what it reproduces in Python, and the request body. */
export interface RequestExample {
  summary: string;
  value: Record<string, unknown>;
}

/** Examples by operationId; the first one is what "Try it out" opens with. */
export const EXAMPLES: Record<string, RequestExample[]> = {
  initModule: [
    { summary: 'torch.manual_seed(0); torch.nn.Linear(2, 1)', value: { seed: 0, module: { type: 'Linear', in_features: 2, out_features: 1 } } },
    { summary: 'torch.manual_seed(0); torch.nn.Conv2d(3, 16, 3)', value: { seed: 0, module: { type: 'Conv2d', in_channels: 3, out_channels: 16, kernel_size: 3 } } },
    {
      summary: 'torch.manual_seed(0); nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))',
      value: { seed: 0, module: { type: 'Sequential', layers: [{ type: 'Linear', in_features: 4, out_features: 8 }, { type: 'ReLU' }, { type: 'Linear', in_features: 8, out_features: 2 }] } },
    },
  ],
  initTensor: [
    { summary: "nn.init.kaiming_uniform_(torch.empty(2, 3), mode='fan_in', nonlinearity='relu')", value: { seed: 0, fn: 'kaiming_uniform_', size: [2, 3], mode: 'fan_in', nonlinearity: 'relu' } },
    { summary: 'nn.init.trunc_normal_(torch.empty(4), std=0.02)', value: { seed: 0, fn: 'trunc_normal_', size: [4], std: 0.02 } },
  ],
  tensorFactory: [
    { summary: 'torch.manual_seed(0); torch.randn(4)', value: { seed: 0, op: 'randn', size: [4] } },
    { summary: 'torch.manual_seed(0); torch.randperm(10)', value: { seed: 0, op: 'randperm', n: 10 } },
    { summary: 'torch.manual_seed(0); torch.randint(0, 10, (5,))', value: { seed: 0, op: 'randint', low: 0, high: 10, size: [5] } },
  ],
  dataLoaderBatches: [
    { summary: 'torch.manual_seed(0); DataLoader(range(10), batch_size=3, shuffle=True), 2 epochs', value: { seed: 0, dataset_size: 10, batch_size: 3, shuffle: true, epochs: 2 } },
    {
      summary: 'DataLoader(range(8), batch_size=2, sampler=WeightedRandomSampler([1, 1, 1, 1, 4, 4, 4, 4], 8))',
      value: { seed: 0, dataset_size: 8, batch_size: 2, sampler: { type: 'weighted_random', weights: [1, 1, 1, 1, 4, 4, 4, 4], num_samples: 8 } },
    },
  ],
  randomSplit: [
    { summary: 'torch.manual_seed(0); random_split(range(10), [0.3, 0.7])', value: { seed: 0, dataset_size: 10, lengths: [0.3, 0.7] } },
    { summary: 'random_split(range(10), [3, 7], generator=torch.Generator().manual_seed(42))', value: { seed: 0, dataset_size: 10, lengths: [3, 7], generator_seed: 42 } },
  ],
  runScript: [
    {
      summary: 'torch.manual_seed(0); model = nn.Linear(2, 1); then a shuffled DataLoader on the same generator',
      value: { seed: 0, steps: [{ op: 'module', module: { type: 'Linear', in_features: 2, out_features: 1 } }, { op: 'dataloader', dataset_size: 10, batch_size: 3, shuffle: true }] },
    },
  ],
  sklearnTrainTestSplit: [
    { summary: 'train_test_split(np.arange(10), test_size=0.25, random_state=42)', value: { random_state: 42, n_samples: 10, test_size: 0.25 } },
    { summary: 'train_test_split(np.arange(8), test_size=0.5, random_state=0, stratify=[0, 0, 0, 0, 1, 1, 1, 1])', value: { random_state: 0, n_samples: 8, test_size: 0.5, stratify: [0, 0, 0, 0, 1, 1, 1, 1] } },
  ],
  sklearnCvSplit: [
    { summary: 'KFold(n_splits=3, shuffle=True, random_state=0).split(np.zeros(10))', value: { splitter: 'KFold', n_samples: 10, n_splits: 3, shuffle: true, random_state: 0 } },
    { summary: 'StratifiedKFold(n_splits=2, shuffle=True, random_state=1).split(X, [0, 0, 1, 1, 0, 1])', value: { splitter: 'StratifiedKFold', y: [0, 0, 1, 1, 0, 1], n_splits: 2, shuffle: true, random_state: 1 } },
    { summary: 'ShuffleSplit(n_splits=2, test_size=0.3, random_state=0).split(np.zeros(10))', value: { splitter: 'ShuffleSplit', n_samples: 10, n_splits: 2, test_size: 0.3, random_state: 0 } },
  ],
  numpyPermutation: [
    { summary: 'np.random.RandomState(0).permutation(10)', value: { seed: 0, n: 10 } },
    { summary: 'np.random.default_rng(0).permutation(10)', value: { seed: 0, n: 10, generator: 'default_rng' } },
  ],
  sklearnResample: [
    { summary: 'resample(np.arange(10), random_state=0)', value: { random_state: 0, length: 10 } },
    { summary: 'resample(np.arange(6), replace=False, n_samples=2, random_state=1, stratify=[0, 0, 0, 1, 1, 1])', value: { random_state: 1, replace: false, n_samples: 2, stratify: [0, 0, 0, 1, 1, 1] } },
  ],
  numpyChoice: [
    { summary: 'np.random.RandomState(42).choice(10, 3)', value: { seed: 42, generator: 'RandomState', a: 10, size: 3 } },
    { summary: 'np.random.default_rng(42).choice(10, 3, replace=False)', value: { seed: 42, generator: 'default_rng', a: 10, size: 3, replace: false } },
  ],
  numpyIntegers: [
    { summary: 'np.random.RandomState(42).randint(0, 10, 5)', value: { seed: 42, generator: 'RandomState', low: 0, high: 10, size: 5 } },
    { summary: 'np.random.default_rng(42).integers(0, 10, 5)', value: { seed: 42, generator: 'default_rng', low: 0, high: 10, size: 5 } },
  ],
};

/** A JSON object (a request body example is one). */
function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at `keys` inside nested JSON objects, if every step is an object. */
function at(v: unknown, ...keys: string[]): unknown {
  for (const k of keys) v = isRecord(v) ? v[k] : undefined;
  return v;
}

/** The object values of a JSON object (none for anything else). */
function records(v: unknown): Array<Record<string, unknown>> {
  return isRecord(v) ? Object.values(v).filter(isRecord) : [];
}

/**
 * Puts the examples into an OpenAPI document's JSON request bodies (`content.application/json.examples`),
 * which Swagger UI prefills. Operations without an entry in EXAMPLES keep the `examples` their request
 * schema declares (zod `.meta({ examples })`), moved to the media object where Swagger UI reads them.
 * The document is walked as plain JSON (whatever OpenAPI version fastify-swagger typed it as).
 */
export function withExamples<T>(doc: T): T {
  for (const ops of records(at(doc, 'paths'))) {
    for (const op of records(ops)) {
      const media = at(op, 'requestBody', 'content', 'application/json');
      if (!isRecord(media)) continue;
      const id = op.operationId;
      const declared = typeof id === 'string' ? EXAMPLES[id] : undefined;
      const ref = at(media, 'schema', '$ref');
      const name = typeof ref === 'string' ? ref.replace('#/components/schemas/', '') : undefined;
      const fromSchema = at(media, 'schema', 'examples') ?? (name ? at(doc, 'components', 'schemas', name, 'examples') : undefined);
      const list: RequestExample[] | undefined =
        declared ?? (Array.isArray(fromSchema) ? fromSchema.filter(isRecord).map((value, i) => ({ summary: `example ${i + 1}`, value })) : undefined);
      if (!list || list.length === 0) continue;
      delete media.example;
      media.examples = Object.fromEntries(list.map((e, i) => [`example${i + 1}`, { summary: e.summary, value: e.value }]));
    }
  }
  return doc;
}
