import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { useApp } from './helpers/app.js';

const { app } = useApp();

test('openapi.yaml is what the running service serves (run `npm run openapi:gen` when this fails)', async () => {
  const served = (await app().inject({ method: 'GET', url: '/openapi.json' })).json();
  const committed = parse(readFileSync(join(import.meta.dirname, '..', 'openapi.yaml'), 'utf8'));
  assert.deepStrictEqual(committed, JSON.parse(JSON.stringify(served)));
});

test('every computing route documents its request, 200 and problem responses', async () => {
  const doc = (await app().inject({ method: 'GET', url: '/openapi.json' })).json();
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
    if (!path.startsWith('/v1/') || item.post === undefined) continue; // GET /v1/versions computes nothing
    const op = item.post;
    if (!op) continue; // GET /v1/catalogue and other read-only routes
    assert.ok(op.operationId, `${path} operationId`);
    assert.ok(op.requestBody?.content?.['application/json'], `${path} requestBody`);
    for (const code of ['200', '400', '413', '422']) assert.ok(op.responses[code], `${path} ${code}`);
  }
});
