import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import { buildApp } from '../../src/http/app.js';
import { defaultConfig } from '../../src/config.js';

// The /docs page in a real headless Chromium (Debian's; .ci/run installs it): send the Linear(2, 1)
// example from the page and see torch's numbers in the answer.
const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : 'chromium is not installed';
let app: FastifyInstance;
let browser: Browser;
let base = '';

before(async () => {
  if (skip) return;
  app = await buildApp({ config: defaultConfig({ RATE_LIMIT_MAX: 0 }) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  await app?.close();
});

test('/docs: try POST /v1/modules with Linear(2, 1), seed 0, and read torch\'s numbers', { skip, timeout: 120_000 }, async () => {
  const page = await browser.newPage();
  const outside: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:')) outside.push(r.url());
  });
  await page.goto(`${base}/docs/`);
  await page.locator('#operations-compute-initModule').waitFor({ timeout: 30_000 });
  await page.locator('#operations-compute-initModule .opblock-summary').first().click();
  await page.locator('#operations-compute-initModule button.try-out__btn').click();
  await page.locator('#operations-compute-initModule textarea.body-param__text').fill(
    JSON.stringify({ seed: 0, module: { type: 'Linear', in_features: 2, out_features: 1 } }),
  );
  await page.locator('#operations-compute-initModule button.execute').click();
  const answer = page.locator('#operations-compute-initModule .live-responses-table .response-col_description pre').first();
  await answer.waitFor({ timeout: 30_000 });
  const text = await answer.innerText();
  assert.match(text, /-0\.005293981172144413/);
  assert.match(text, /0\.37932288646698/);
  assert.match(text, /-0\.5819807648658752/);
  assert.deepEqual(outside, [], 'the page loads nothing from outside the service');
});
