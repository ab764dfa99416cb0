import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { withExamples } from '../examples.js';

/** OpenAPI document metadata. */
export const OPENAPI_INFO = {
  title: 'torch seed service',
  version: '1.0.0',
  description:
    'Exactly what PyTorch (2.14/2.13 official wheels by default, 1.13 on request), scikit-learn (1.9 by default, 1.6 and 1.2 on request) and numpy produce on the CPU for a seed and a configuration: layer initial weights, DataLoader batch order, random_split, tensor factories, whole scripts on one generator, cross-validation splits, resampling and numpy draws.',
  license: { name: 'MIT', identifier: 'MIT' },
};

const REF = '#/components/schemas/';
/** The suffix fastify-type-provider-zod gives the input (request) twin of every registered schema. */
const INPUT = 'Input';

type Json = unknown;

/** Every `$ref` to a component schema under `node`. */
function refsIn(node: Json, out: Set<string>): Set<string> {
  const stack: Json[] = [node];
  while (stack.length > 0) {
    const n = stack.pop();
    if (Array.isArray(n)) stack.push(...n);
    else if (n !== null && typeof n === 'object') {
      for (const [k, v] of Object.entries(n)) {
        if (k === '$ref' && typeof v === 'string' && v.startsWith(REF)) out.add(v.slice(REF.length));
        else stack.push(v);
      }
    }
  }
  return out;
}

/** A copy of `node` with each component `$ref` renamed by `rename` (names it does not know are kept). */
function renameRefs(node: Json, rename: ReadonlyMap<string, string>): Json {
  if (Array.isArray(node)) return node.map((x) => renameRefs(x, rename));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith(REF) ? REF + (rename.get(v.slice(REF.length)) ?? v.slice(REF.length)) : renameRefs(v, rename);
  }
  return out;
}

/**
 * Each zod schema with an id is emitted twice, as its input (`<id>Input`, what requests are validated
 * against: defaults make fields optional) and its output (`<id>`, what responses hold). This keeps one
 * component per schema actually referenced: a twin identical to its output (once the references inside
 * are folded the same way) is folded into it, components no path reaches are dropped, and an input twin
 * whose output twin is gone takes the plain name.
 */
export function compactComponents<T extends { paths?: unknown; components?: { schemas?: Record<string, Json> } }>(doc: T): T {
  const schemas = doc.components?.schemas;
  if (!schemas) return doc;
  // fold identical twins: optimistic fixpoint (a pair stays folded while its two sides are equal under the folding)
  const folded = new Set(Object.keys(schemas).filter((id) => !id.endsWith(INPUT) && schemas[id + INPUT] !== undefined));
  for (let changed = true; changed; ) {
    changed = false;
    const rename = new Map([...folded].map((id) => [id + INPUT, id]));
    for (const id of folded) {
      if (JSON.stringify(renameRefs(schemas[id + INPUT], rename)) !== JSON.stringify(renameRefs(schemas[id], rename))) {
        folded.delete(id);
        changed = true;
      }
    }
  }
  const fold = new Map([...folded].map((id) => [id + INPUT, id]));
  let paths = renameRefs(doc.paths, fold);
  const kept: Record<string, Json> = {};
  for (const [id, s] of Object.entries(schemas)) if (!fold.has(id)) kept[id] = renameRefs(s, fold);
  // keep what the paths reach
  const reached = refsIn(paths, new Set());
  const todo = [...reached];
  for (let id = todo.pop(); id !== undefined; id = todo.pop()) {
    for (const r of refsIn(kept[id], new Set())) {
      if (!reached.has(r)) {
        reached.add(r);
        todo.push(r);
      }
    }
  }
  // plain names for input twins left alone
  const plain = new Map<string, string>();
  for (const id of reached) if (id.endsWith(INPUT) && !reached.has(id.slice(0, -INPUT.length))) plain.set(id, id.slice(0, -INPUT.length));
  paths = renameRefs(paths, plain);
  const out: Record<string, Json> = {};
  for (const id of Object.keys(kept)) if (reached.has(id)) out[plain.get(id) ?? id] = renameRefs(kept[id], plain);
  return { ...doc, paths, components: { ...doc.components, schemas: out } };
}

/** The OpenAPI 3.1 document of every route (GET /openapi.json) and Swagger UI (GET /docs). Register before the routes. */
export default fp(
  async function openapi(app: FastifyInstance) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: OPENAPI_INFO,
        servers: [{ url: '/' }],
        tags: [
          { name: 'compute', description: 'Seeded computations, bit for bit as torch' },
          { name: 'service', description: 'Health, readiness, metrics and documentation' },
        ],
      },
      transform: jsonSchemaTransform,
      transformObject: (doc) => withExamples(compactComponents(jsonSchemaTransformObject(doc))),
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'openapi', fastify: '5.x' },
);
