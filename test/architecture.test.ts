import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

// The architecture as a test: the engine is a pure library (pure-rand and itself only); only src/http
// knows fastify; schemas and cache never import the HTTP layer.
const src = join(import.meta.dirname, '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!);
}

test('src/engine imports only pure-rand and itself (no I/O, no node:*, no fastify/zod/pino)', () => {
  for (const f of files(join(src, 'engine'))) {
    for (const spec of imports(f)) {
      const ok = spec.startsWith('pure-rand/') || (spec.startsWith('.') && !relative(join(src, 'engine'), join(f, '..', spec)).startsWith('..'));
      assert.ok(ok, `${relative(src, f)} imports ${spec}`);
    }
    assert.doesNotMatch(readFileSync(f, 'utf8'), /\b(process|require)\s*[.(]/, `${relative(src, f)} touches process/require`);
  }
});

test('only src/http (and the entry point) know fastify; schemas and cache do not import http', () => {
  for (const f of files(src)) {
    const rel = relative(src, f);
    for (const spec of imports(f)) {
      if (/^(fastify|@fastify\/)/.test(spec)) assert.ok(rel.startsWith('http/'), `${rel} imports ${spec}`);
      if (rel.startsWith('schemas/') || rel.startsWith('cache/')) assert.ok(!spec.includes('/http/'), `${rel} imports ${spec}`);
    }
  }
});
