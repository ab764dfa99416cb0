import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { defaultConfig } from '../../../src/config.js';
import cache from '../../../src/http/plugins/cache.js';
import { securityHeaders } from '../../../src/http/plugins/security.js';
import { useApp } from '../../helpers/app.js';

const { app } = useApp();

test('buildApp registers named plugins whose decorators the routes read', () => {
  for (const name of ['errors', 'security', 'method-not-allowed', 'pool', 'metrics', 'cache', 'openapi', 'lifecycle', 'playground']) assert.ok(app().hasPlugin(name), name);
  for (const d of ['config', 'pool', 'budget', 'streams', 'metrics', 'cache', 'flights', 'answers', 'cacheState']) assert.ok(app().hasDecorator(d), d);
});

test('a plugin registered without what it depends on is refused at start', async () => {
  const bare = Fastify();
  bare.decorate('config', defaultConfig());
  await assert.rejects(async () => {
    await bare.register(cache);
    await bare.ready();
  }, /metrics/);
});

test('helmet\'s headers, computed once, are on every reply', async () => {
  const h = securityHeaders();
  assert.equal(
    h['content-security-policy'],
    "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self' 'unsafe-inline';script-src-attr 'none';style-src 'self' 'unsafe-inline'",
  );
  for (const url of ['/health', '/openapi.json', '/nope']) {
    const r = await app().inject({ method: 'GET', url });
    for (const [name, value] of Object.entries(h)) assert.equal(r.headers[name], value, `${url} ${name}`);
  }
  assert.equal(h['x-content-type-options'], 'nosniff');
  assert.equal(h['strict-transport-security'], 'max-age=31536000; includeSubDomains');
});
