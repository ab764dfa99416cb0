import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigSchema, loadConfig } from '../src/config.js';

test('settings parse from strings once, with defaults, and refuse nonsense', () => {
  const c = loadConfig({ PORT: '8080', MAX_ELEMENTS: '5', POOL_THREADS: '0' });
  assert.equal(c.PORT, 8080);
  assert.equal(c.MAX_ELEMENTS, 5);
  assert.equal(c.POOL_THREADS, 0);
  assert.equal(c.BODY_LIMIT_BYTES, 1_048_576);
  assert.throws(() => loadConfig({ PORT: 'x' }), /invalid configuration: PORT/);
  assert.throws(() => loadConfig({ MAX_ELEMENTS: '0' }), /MAX_ELEMENTS/);
  assert.throws(() => loadConfig({ REDIS_URL: 'not a url' }), /REDIS_URL/);
});

test('.env.example and the README settings table list every setting', () => {
  const root = join(import.meta.dirname, '..');
  const env = readFileSync(join(root, '.env.example'), 'utf8');
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  for (const key of Object.keys(ConfigSchema.shape)) {
    assert.match(env, new RegExp(`^#? ?${key}=`, 'm'), `.env.example lacks ${key}`);
    assert.ok(readme.includes(`| \`${key}\` |`), `README settings table lacks ${key}`);
  }
});
