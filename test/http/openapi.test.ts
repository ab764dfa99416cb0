import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { useApp } from '../helpers/app.js';

const { app } = useApp();

test('openapi.yaml is what the running service serves (run `npm run openapi:gen` when this fails)', async () => {
  const served = (await app().inject({ method: 'GET', url: '/openapi.json' })).json();
  const committed = parse(readFileSync(join(import.meta.dirname, '..', '..', 'openapi.yaml'), 'utf8'));
  assert.deepStrictEqual(committed, JSON.parse(JSON.stringify(served)));
});

test('every computing route documents its request, 200 and problem responses', async () => {
  const doc = (await app().inject({ method: 'GET', url: '/openapi.json' })).json();
  const computing = Object.entries<Record<string, any>>(doc.paths ?? {}).filter(([path, item]) => path.startsWith('/v1/') && item.post !== undefined);
  // GET /v1/versions, /v1/catalogue and other read-only routes compute nothing; the POST routes must all be here
  assert.ok(computing.length >= 10, `only ${computing.length} computing /v1 routes documented`);
  for (const p of ['/v1/tensors', '/v1/modules', '/v1/dataloader', '/v1/scripts', '/v1/sklearn/cv_split']) assert.ok(computing.some(([path]) => path === p), `${p} documented`);
  for (const [path, item] of computing) {
    const op = item.post;
    assert.ok(op.operationId, `${path} operationId`);
    assert.ok(op.requestBody?.content?.['application/json'], `${path} requestBody`);
    for (const code of ['200', '400', '413', '422']) assert.ok(op.responses[code], `${path} ${code}`);
  }
});

test('each component is emitted once: every $ref resolves, every component is reached, no input/output twins', async () => {
  const doc = (await app().inject({ method: 'GET', url: '/openapi.json' })).json();
  const schemas: Record<string, unknown> = doc.components.schemas;
  const refs = (node: unknown): string[] =>
    Array.isArray(node) ? node.flatMap(refs) : node !== null && typeof node === 'object' ? Object.entries(node).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [v] : refs(v))) : [];
  const reached = new Set<string>();
  const todo = refs(doc.paths);
  for (let r = todo.pop(); r !== undefined; r = todo.pop()) {
    assert.match(r, /^#\/components\/schemas\//);
    const id = r.slice('#/components/schemas/'.length);
    assert.ok(id in schemas, `${r} resolves`);
    if (!reached.has(id)) {
      reached.add(id);
      todo.push(...refs(schemas[id]));
    }
  }
  assert.deepEqual(Object.keys(schemas).filter((id) => !reached.has(id)), []);
  assert.deepEqual(Object.keys(schemas).filter((id) => id.endsWith('Input') && id.slice(0, -5) in schemas), []);
  for (const id of ['ModulesRequest', 'ModulesResponse', 'Problem', 'ModuleSpec']) assert.ok(id in schemas, id);
  assert.ok(readFileSync(join(import.meta.dirname, '..', '..', 'openapi.yaml')).length <= 250_000, 'openapi.yaml ≤ 250 kB');
});
