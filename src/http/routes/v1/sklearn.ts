import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { LimitError } from '../../../engine/errors.js';
import type { Labels } from '../../../engine/numpy/unique.js';
import { resample } from '../../../engine/sklearn/resample.js';
import { numpyChoice, numpyIntegers } from '../../../engine/numpy/draws.js';
import { numpyPermutation } from '../../../engine/numpy/permutation.js';
import { cvSplit } from '../../../engine/sklearn/cvSplit.js';
import { trainTestSplit } from '../../../engine/sklearn/trainTestSplit.js';
import type { Fold, PyNumber, SplitLimits } from '../../../engine/sklearn/types.js';
import { requestKey } from '../../../cache/key.js';
import { Problem } from '../../../schemas/common.js';
import {
  CvSplitRequest,
  CvSplitResponse,
  PermutationRequest,
  PermutationResponse,
  TrainTestSplitRequest,
  TrainTestSplitResponse,
  type CvSplitBody,
  type PermutationBody,
  type TrainTestSplitBody,
  ResampleRequest,
  ResampleResponse,
  ChoiceRequest,
  ChoiceResponse,
  IntegersRequest,
  IntegersResponse,
  type ResampleBody,
  type ChoiceBody,
  type IntegersBody,
} from '../../../schemas/sklearn.js';
import { installBodyParser, requestFloats } from '../../body.js';
import { cachedOrComputed, checkOutput, notModified, notModifiedReply, requestLifetime, reserveBytes, setCacheHeaders, type ComputeDeps } from '../../compute.js';
import { cvSplitCost, drawCost, permutationCost, resampleCost, trainTestSplitCost, type Cost } from '../../work.js';


/** What the lossless parse learned about the request's numbers, beside the plain body. */
interface NumberMeta {
  /** Top-level fields in which a number was written as a float (`1.0`, `1e0`, `0.5`). */
  floats: Set<string>;
}

/** Top-level fields whose integers beyond ±2^53 stay exact (as decimal strings): numpy/integers' int64 bounds. */
const BIG_INT_FIELDS: ReadonlySet<string> = new Set(['low', 'high']);

/** A 400 located at `field`, in the shape the errors plugin maps to problem+json. */
function badField(field: string, message: string): Error {
  return Object.assign(new Error(`${field}: ${message}`), { statusCode: 400, validation: [{ instancePath: `/${field}`, message }] });
}

/** Refuses integer fields that were written as floats (400). */
function requireInts(meta: NumberMeta, body: unknown, fields: string[]): void {
  for (const f of fields) {
    const v = fieldOf(body, f);
    if (v !== undefined && v !== null && meta.floats.has(f)) throw badField(f, 'must be an integer, got a float');
  }
}

/** A validated number as Python's json module would have read it. */
function pyNumber(meta: NumberMeta, field: string, v: number | null | undefined): PyNumber | null {
  if (v === null || v === undefined) return null;
  return meta.floats.has(field) ? { kind: 'float', value: v } : { kind: 'int', value: BigInt(v) };
}

/** A validated label column as the engine takes it. */
function labelsOf(meta: NumberMeta, field: string, v: Array<string | number | boolean> | null | undefined): Labels | null {
  if (v === null || v === undefined) return null;
  // the schema made the column homogeneous: its first value tells the kind of all
  if (v.length > 0 && typeof v[0] === 'string') return { kind: 'string', values: v.map(String) };
  if (v.length > 0 && typeof v[0] === 'boolean') return { kind: 'bool', values: v.map(Boolean) };
  return { kind: 'number', values: Float64Array.from(v, Number), float: meta.floats.has(field) };
}

/** `[0,1,2]` from an index list, fast for millions of entries. */
function ints(a: Int32Array): string {
  return `[${a.join(',')}]`;
}

function foldsJson(folds: Fold[]): string {
  return `[${folds.map((f) => `{"train":${ints(f.train)},"test":${ints(f.test)}}`).join(',')}]`;
}

/** The route's declaration: schemas, the integer-only fields and the engine call producing the JSON text. */
interface SklearnRoute<S extends z.ZodType> {
  url: string;
  operationId: string;
  summary: string;
  description: string;
  body: S;
  response: z.ZodType;
  intFields(body: z.output<S>): string[];
  /** The request's cost (work model), before any work. */
  cost(body: z.output<S>): Cost;
  run(body: z.output<S>, meta: NumberMeta, limits: SplitLimits): string;
  /** The scikit-learn release answered, sent as `X-Sklearn-Version` (sklearn routes only). */
  sklearnVersion?(body: z.output<S>): string;
}


/**
 * Checks a route's callbacks against its own body type, then lets it join the list: `cost`, `run` and
 * `sklearnVersion` are methods, so a route of a particular body is a route of any (validated) body.
 */
function sklearnRoute<S extends z.ZodType>(route: SklearnRoute<S>): SklearnRoute<z.ZodType> {
  return route;
}

/** A field that only some members of a validated union body have (absent: undefined). */
function fieldOf(body: unknown, key: string): unknown {
  return typeof body === 'object' && body !== null ? Reflect.get(body, key) : undefined;
}
/** A number field of some members of a union body (undefined when absent or null). */
function numberOf(body: object, key: string): number | undefined {
  const v = fieldOf(body, key);
  return typeof v === 'number' ? v : undefined;
}
/** A label column of some members of a union body. */
function columnOf(body: object, key: string): Array<string | number | boolean> | undefined {
  const v = fieldOf(body, key);
  return Array.isArray(v) ? v : undefined;
}

/** The engine calls of the sklearn/numpy routes by url: what the worker threads run. */
export function sklearnRuns(): Map<string, (body: unknown, meta: NumberMeta, limits: SplitLimits) => string> {
  return new Map(sklearnDefinitions().map((r) => [r.url, (body: unknown, meta: NumberMeta, limits: SplitLimits) => r.run(body, meta, limits)]));
}

/**
 * Registers one endpoint with the machinery of `registerCompute`: validated body → work model (413)
 * → canonical key → 304 / cache hit / single-flight engine run (on the worker pool above
 * POOL_MIN_ELEMENTS iterations), with ETag, X-Cache and Cache-Control headers.
 */
function register(app: FastifyInstance, deps: ComputeDeps, route: SklearnRoute<z.ZodType>): void {
  const limits: SplitLimits = { maxSamples: deps.config.MAX_SAMPLES, maxOutput: deps.config.MAX_OUTPUT_INDICES };
  app.withTypeProvider<ZodTypeProvider>().route({
    method: 'POST',
    url: route.url,
    schema: {
      operationId: route.operationId,
      summary: route.summary,
      description: route.description,
      tags: ['compute'],
      body: route.body,
      response: { 200: route.response, 400: Problem, 413: Problem, 415: Problem, 422: Problem, 429: Problem, 503: Problem },
    },
    handler: async (request, reply) => {
      const meta: NumberMeta = { floats: requestFloats(request) };
      const body = request.body;
      requireInts(meta, body, route.intFields(body));
      const cost = route.cost(body);
      // combinatorial splitters are counted before any work (CONTRACT-sklearn: 413 past MAX_OUTPUT_INDICES)
      if (!(cost.elements <= deps.config.MAX_OUTPUT_INDICES)) throw new LimitError('MAX_OUTPUT_INDICES', deps.config.MAX_OUTPUT_INDICES, cost.elements);
      checkOutput(cost, deps.config);
      // `1` and `1.0` only differ in refused requests, but keep them apart in the key anyway.
      const floats = [...meta.floats].sort();
      const key = requestKey(route.url, floats.length > 0 ? { body, float_fields: floats } : body);
      setCacheHeaders(reply, key);
      if (route.sklearnVersion) reply.header('X-Sklearn-Version', route.sklearnVersion(body));
      const cond = await notModified(deps, request, key);
      if (cond === 'now') return notModifiedReply(reply);
      reserveBytes(deps, reply, cost.bytes);
      const buf = await cachedOrComputed(
        deps,
        reply,
        key,
        async (sig) => {
          const pooled = Boolean(deps.pool && cost.iterations >= deps.config.POOL_MIN_ELEMENTS);
          deps.metrics?.computation(pooled);
          if (pooled) return deps.pool!.run({ kind: 'sklearn', url: route.url, body, floats, limits }, sig);
          return Buffer.from(route.run(body, meta, limits), 'utf8');
        },
        requestLifetime(reply),
      );
      if (cond === 'after') return notModifiedReply(reply);
      return reply.type('application/json').send(buf);
    },
  });
}

/**
 * The scikit-learn and numpy endpoints of CONTRACT-sklearn.md, in their own encapsulated context whose
 * JSON parser is lossless (the other routes keep fastify's parser).
 */
export async function sklearnRoutes(app: FastifyInstance, deps: ComputeDeps = app): Promise<void> {
  installBodyParser(app, { maxDepth: deps.config.JSON_MAX_DEPTH, maxKeys: deps.config.JSON_MAX_KEYS }, 'nan', BIG_INT_FIELDS);

  for (const route of sklearnDefinitions()) register(app, deps, route);
}

/** The sklearn and numpy routes' declarations (schemas, cost, engine call); also what the worker threads run. */
export function sklearnDefinitions(): Array<SklearnRoute<z.ZodType>> {
  const defs: Array<SklearnRoute<z.ZodType>> = [];
  defs.push(sklearnRoute({
    url: '/v1/sklearn/train_test_split',
    operationId: 'sklearnTrainTestSplit',
    summary: 'sklearn.model_selection.train_test_split(np.arange(n_samples), ...) as scikit-learn 1.2.1',
    description:
      '`X_train, X_test = train_test_split(np.arange(n_samples), test_size=, train_size=, random_state=, shuffle=, stratify=)`: the index lists element for element. Sizes: an integer is a count, a float a fraction (`1` and `1.0` differ). Refusals carry sklearn\'s message (422).',
    body: TrainTestSplitRequest,
    response: TrainTestSplitResponse,
    intFields: () => ['n_samples', 'random_state'],
    sklearnVersion: (b: TrainTestSplitBody) => b.sklearn_version,
    cost: (b: TrainTestSplitBody) => trainTestSplitCost(b),
    run: (b: TrainTestSplitBody, meta, limits) => {
      const f = trainTestSplit(
        {
          n_samples: b.n_samples ?? null,
          test_size: pyNumber(meta, 'test_size', b.test_size),
          train_size: pyNumber(meta, 'train_size', b.train_size),
          random_state: b.random_state ?? null,
          shuffle: b.shuffle,
          stratify: labelsOf(meta, 'stratify', b.stratify),
          sklearn_version: b.sklearn_version,
        },
        limits,
      );
      return `{"random_state":${b.random_state ?? null},"train":${ints(f.train)},"test":${ints(f.test)}}`;
    },
  }));

  defs.push(sklearnRoute({
    url: '/v1/sklearn/cv_split',
    operationId: 'sklearnCvSplit',
    summary: 'The folds of a scikit-learn 1.2.1 cross-validation splitter',
    description:
      '`[(train.tolist(), test.tolist()) for train, test in Splitter(**fields).split(np.zeros(n_samples), y, groups)]` for KFold, StratifiedKFold, GroupKFold, ShuffleSplit, StratifiedShuffleSplit, RepeatedKFold and RepeatedStratifiedKFold, with the UserWarnings sklearn raises.',
    body: CvSplitRequest,
    response: CvSplitResponse,
    intFields: (b: CvSplitBody) =>
      b.splitter === 'ShuffleSplit' || b.splitter === 'StratifiedShuffleSplit' || b.splitter === 'GroupShuffleSplit'
        ? ['n_samples', 'random_state', 'n_splits']
        : b.splitter === 'TimeSeriesSplit'
          ? ['n_samples', 'max_train_size', 'test_size', 'gap']
          : ['n_samples', 'random_state', 'p', 'n_groups', 'test_fold'],
    sklearnVersion: (b: CvSplitBody) => b.sklearn_version,
    cost: (b: CvSplitBody) => cvSplitCost(b),
    run: (b: CvSplitBody, meta, limits) => {
      const test_size = numberOf(b, 'test_size') ?? null;
      const random_state = numberOf(b, 'random_state') ?? null;
      const shuffle = fieldOf(b, 'shuffle');
      const test_fold = fieldOf(b, 'test_fold');
      const res = cvSplit(
        {
          splitter: b.splitter,
          n_samples: b.n_samples ?? null,
          n_splits: pyNumber(meta, 'n_splits', numberOf(b, 'n_splits')),
          n_repeats: pyNumber(meta, 'n_repeats', numberOf(b, 'n_repeats')),
          shuffle: typeof shuffle === 'boolean' ? shuffle : null,
          random_state,
          test_size: b.splitter === 'TimeSeriesSplit' ? null : pyNumber(meta, 'test_size', test_size),
          train_size: pyNumber(meta, 'train_size', numberOf(b, 'train_size')),
          y: labelsOf(meta, 'y', columnOf(b, 'y')),
          groups: labelsOf(meta, 'groups', columnOf(b, 'groups')),
          max_train_size: numberOf(b, 'max_train_size') ?? null,
          gap: numberOf(b, 'gap') ?? 0,
          tss_test_size: b.splitter === 'TimeSeriesSplit' ? test_size : null,
          p: numberOf(b, 'p') ?? null,
          n_groups: numberOf(b, 'n_groups') ?? null,
          test_fold: Array.isArray(test_fold) ? test_fold.map(Number) : null,
          sklearn_version: b.sklearn_version,
        },
        limits,
      );
      return `{"random_state":${random_state},"folds":${foldsJson(res.folds)},"warnings":${JSON.stringify(res.warnings)}}`;
    },
  }));

  defs.push(sklearnRoute({
    url: '/v1/numpy/permutation',
    operationId: 'numpyPermutation',
    summary: 'numpy.random.RandomState(seed).permutation(n) or numpy.random.default_rng(seed).permutation(n), numpy 1.24',
    description:
      'The legacy MT19937 generator (integer seeds in [0, 2^32 - 1], arrays through init_by_array) or PCG64 seeded through SeedSequence (any non-negative integer).',
    body: PermutationRequest,
    response: PermutationResponse,
    intFields: () => ['n', 'seed'],
    cost: (b: PermutationBody) => permutationCost(b),
    run: (b: PermutationBody, _meta, limits) => {
      const seed = Array.isArray(b.seed) ? b.seed.map((s) => BigInt(s)) : BigInt(b.seed);
      const p = numpyPermutation({ seed, n: b.n, generator: b.generator }, limits.maxSamples);
      const echo = Array.isArray(seed) ? JSON.stringify(seed.map(String)) : `"${seed}"`;
      return `{"seed":${echo},"generator":"${b.generator}","permutation":${ints(p)}}`;
    },
  }));

  defs.push(sklearnRoute({
    url: '/v1/sklearn/resample',
    operationId: 'sklearnResample',
    summary: 'sklearn.utils.resample(np.arange(length), replace=, n_samples=, random_state=, stratify=)',
    description: 'The drawn indices, element for element, for the scikit-learn release named by `sklearn_version`. Refusals carry sklearn\'s message (422).',
    body: ResampleRequest,
    response: ResampleResponse,
    intFields: () => ['length', 'n_samples', 'random_state'],
    sklearnVersion: (b: ResampleBody) => b.sklearn_version,
    cost: (b: ResampleBody) => resampleCost(b),
    run: (b: ResampleBody, meta, limits) => {
      const idx = resample(
        {
          length: b.length ?? null,
          replace: b.replace,
          n_samples: b.n_samples ?? null,
          random_state: b.random_state,
          stratify: labelsOf(meta, 'stratify', b.stratify),
          sklearn_version: b.sklearn_version,
        },
        limits,
      );
      return `{"random_state":${b.random_state},"indices":[${idx.join(',')}]}`;
    },
  }));

  defs.push(sklearnRoute({
    url: '/v1/numpy/choice',
    operationId: 'numpyChoice',
    summary: 'numpy.random.RandomState(seed).choice(a, size, replace, p) or default_rng(seed).choice(...)',
    description: 'Draws from arange(a) as the legacy generator or numpy\'s Generator do (the same on numpy 1.24 to 2.4). Refusals carry numpy\'s message (422).',
    body: ChoiceRequest,
    response: ChoiceResponse,
    intFields: () => ['seed', 'a', 'size'],
    cost: (b: ChoiceBody) => drawCost(b),
    run: (b: ChoiceBody, _meta, limits) => {
      const seed = Array.isArray(b.seed) ? b.seed.map((v) => BigInt(v)) : BigInt(b.seed);
      const out = numpyChoice({ seed, generator: b.generator, a: b.a, size: b.size ?? null, replace: b.replace, p: b.p ?? null }, limits.maxSamples);
      const echo = Array.isArray(seed) ? JSON.stringify(seed.map(String)) : `"${seed}"`;
      return `{"seed":${echo},"generator":"${b.generator}","choice":${b.size === null || b.size === undefined ? out[0] : `[${out.join(',')}]`}}`;
    },
  }));

  defs.push(sklearnRoute({
    url: '/v1/numpy/integers',
    operationId: 'numpyIntegers',
    summary: 'numpy.random.RandomState(seed).randint(low, high, size) or default_rng(seed).integers(low, high, size), int64',
    description: 'Masked rejection (legacy) or Lemire\'s bounded integers (Generator), the same on numpy 1.24 to 2.4. Bounds beyond ±2^53 as decimal strings; answers beyond are exact JSON integers.',
    body: IntegersRequest,
    response: IntegersResponse,
    intFields: () => ['seed', 'low', 'high', 'size'],
    cost: (b: IntegersBody) => drawCost(b),
    run: (b: IntegersBody, _meta, limits) => {
      const seed = Array.isArray(b.seed) ? b.seed.map((v) => BigInt(v)) : BigInt(b.seed);
      const out = numpyIntegers(
        { seed, generator: b.generator, low: BigInt(b.low), high: b.high === null || b.high === undefined ? null : BigInt(b.high), size: b.size ?? null },
        limits.maxSamples,
      );
      const echo = Array.isArray(seed) ? JSON.stringify(seed.map(String)) : `"${seed}"`;
      return `{"seed":${echo},"generator":"${b.generator}","integers":${b.size === null || b.size === undefined ? String(out[0]) : `[${out.join(',')}]`}}`;
    },
  }));
  return defs;
}
