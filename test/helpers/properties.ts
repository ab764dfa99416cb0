import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { EXAMPLES } from '../../src/http/examples.js';
import { defaultConfig } from '../../src/config.js';
import { v1Compute } from '../../src/http/routes/v1/index.js';
import type { Cost } from '../../src/http/work.js';

// Invariants written once, as factories over one op case; test/http/properties.test.ts applies each to
// every request example of every computing route (src/http/examples.ts, keyed by operationId).

/** One op of the service: a route and a request it answers with 200. */
export interface OpCase {
  operationId: string;
  summary: string;
  url: string;
  body: Record<string, unknown>;
}

type Body = Record<string, unknown>;
type App = () => FastifyInstance;

/** The route of each operationId of src/http/examples.ts (checked against the OpenAPI document by routesMatchOpenApi). */
export const ROUTES: Record<string, string> = {
  initModule: '/v1/modules',
  initTensor: '/v1/init',
  tensorFactory: '/v1/tensors',
  dataLoaderBatches: '/v1/dataloader',
  randomSplit: '/v1/random_split',
  runScript: '/v1/scripts',
  sklearnTrainTestSplit: '/v1/sklearn/train_test_split',
  sklearnCvSplit: '/v1/sklearn/cv_split',
  sklearnResample: '/v1/sklearn/resample',
  numpyPermutation: '/v1/numpy/permutation',
  numpyChoice: '/v1/numpy/choice',
  numpyIntegers: '/v1/numpy/integers',
};

/** Every example of every computing route. */
export function opCases(): OpCase[] {
  return Object.entries(EXAMPLES).flatMap(([operationId, examples]) =>
    examples.map((e) => ({ operationId, summary: e.summary, url: ROUTES[operationId] ?? `(no route for ${operationId})`, body: e.value })),
  );
}

/** Every POST route of the OpenAPI document is in ROUTES under its operationId, and has an example. */
export function routesMatchOpenApi(app: App): () => Promise<void> {
  return async () => {
    const doc = (await app().inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, { post?: { operationId?: string } }> };
    const posts = Object.entries(doc.paths).flatMap(([p, item]) => (item.post?.operationId ? [[item.post.operationId, p] as const] : []));
    assert.ok(posts.length >= 10, `${posts.length} POST routes`);
    for (const [id, p] of posts) {
      assert.equal(ROUTES[id], p, `${id} is ${p}`);
      assert.ok((EXAMPLES[id]?.length ?? 0) > 0, `${id} has an example`);
    }
  };
}

/** POSTs a body; the status and the raw bytes. */
export async function post(app: App, url: string, body: unknown): Promise<{ status: number; text: string; json: Body }> {
  const r = await app().inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  return { status: r.statusCode, text: r.body, json: r.statusCode === 200 || r.headers['content-type']?.toString().includes('json') ? (JSON.parse(r.body) as Body) : {} };
}

async function ok(app: App, url: string, body: unknown): Promise<{ text: string; json: Body }> {
  const r = await post(app, url, body);
  assert.equal(r.status, 200, `${url}: ${r.text.slice(0, 300)}`);
  return r;
}

/** The same request twice (the app must not cache): the same bytes. */
export function sameSeedSameAnswer(app: App, c: OpCase): () => Promise<void> {
  return async () => {
    const a = await ok(app, c.url, c.body);
    const b = await ok(app, c.url, c.body);
    assert.equal(b.text, a.text, `${c.summary}: a second identical request answered differently`);
  };
}

/** A request answers the same after every other op ran in between (no state shared between requests). */
export function noStateShared(app: App, c: OpCase, others: readonly OpCase[]): () => Promise<void> {
  return async () => {
    const first = await ok(app, c.url, c.body);
    for (const o of others) await ok(app, o.url, o.body);
    const again = await ok(app, c.url, c.body);
    assert.equal(again.text, first.text, `${c.summary}: answered differently after ${others.length} other requests`);
  };
}

/** The step of /v1/scripts that runs the same op as an endpoint, or undefined when the op is not a step. */
export function scriptStep(c: OpCase): Body | undefined {
  const { seed: _seed, ...rest } = c.body;
  switch (c.url) {
    case '/v1/tensors':
      return rest;
    case '/v1/init':
      return { op: 'init', ...rest };
    case '/v1/modules':
      return { op: 'module', ...rest };
    case '/v1/dataloader':
      return { op: 'dataloader', ...rest };
    case '/v1/random_split':
      return { op: 'random_split', ...rest };
    default:
      return undefined;
  }
}

/** A one-step script answers, for its step, what the endpoint answers (the seed aside). */
export function oneStepScriptEqualsEndpoint(app: App, c: OpCase): () => Promise<void> {
  return async () => {
    const step = scriptStep(c);
    assert.ok(step, `${c.url} is no script step`);
    const direct = (await ok(app, c.url, c.body)).json;
    const script = (await ok(app, '/v1/scripts', { seed: c.body.seed, steps: [step] })).json;
    const results = script.results as Body[];
    assert.equal(results.length, 1);
    const { seed: _s, ...want } = direct;
    assert.deepEqual(results[0], want, `${c.summary}: the one-step script differs from ${c.url}`);
  };
}

/** Default dtype of a tensor op's answer (torch's defaults). */
function defaultDtype(body: Body): string {
  if (typeof body.dtype === 'string') return body.dtype;
  return body.op === 'randint' || body.op === 'randperm' ? 'int64' : 'float32';
}

/** A tensor answer has the shape and dtype asked (`size`, or `[n]` for randperm; `dtype` or torch's default). */
export function shapeAndDtypeAsAsked(app: App, c: OpCase): () => Promise<void> {
  return async () => {
    const t = (await ok(app, c.url, c.body)).json.tensor as { shape: number[]; dtype: string; data: unknown };
    const shape = c.body.op === 'randperm' ? [c.body.n as number] : (c.body.size as number[]);
    assert.deepEqual(t.shape, shape, `${c.summary}: shape`);
    assert.equal(t.dtype, defaultDtype(c.body), `${c.summary}: dtype`);
    const dims = (v: unknown): number[] => (Array.isArray(v) ? [v.length, ...(v.length > 0 ? dims(v[0]) : [])] : []);
    assert.deepEqual(dims(t.data).slice(0, shape.length), shape.filter((_, i) => shape.slice(0, i).every((d) => d > 0)), `${c.summary}: data nesting`);
  };
}

/** The work model's estimate of a request: the route's own cost function (the table's) on the validated body. */
export function costOf(c: OpCase): Cost | undefined {
  const config = defaultConfig();
  const route = v1Compute.find((r) => r.url === c.url);
  return route ? route.cost(route.body.parse(c.body), config) : undefined;
}

/** JSON values in a parsed answer (each costs at least one iteration of the engine or the writer). */
export function jsonValues(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((a: number, x) => a + jsonValues(x), 1);
  if (v !== null && typeof v === 'object') return Object.values(v).reduce((a: number, x) => a + jsonValues(x), 1);
  return 1;
}

/** The work estimate made before any work bounds the answer's bytes and JSON values. */
export function workEstimateBoundsWork(app: App, c: OpCase): () => Promise<void> {
  return async () => {
    const cost = costOf(c);
    assert.ok(cost, `no work estimate for ${c.url}`);
    const r = await ok(app, c.url, c.body);
    const bytes = Buffer.byteLength(r.text);
    assert.ok(bytes <= cost.bytes, `${c.summary}: ${bytes} bytes > estimate ${cost.bytes}`);
    assert.ok(jsonValues(r.json) <= cost.iterations, `${c.summary}: ${jsonValues(r.json)} values > estimate ${cost.iterations}`);
  };
}
