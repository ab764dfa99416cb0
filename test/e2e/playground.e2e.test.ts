import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildApp } from '../../src/http/app.js';
import { defaultConfig } from '../../src/config.js';

// The playground at `/` in a real headless Chromium (Debian's; .ci/run installs it). Screenshots go to
// test-artifacts/playground/ (gitignored).
const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : 'chromium is not installed (apt-get install chromium)';
const ARTIFACTS = new URL('../../test-artifacts/playground/', import.meta.url).pathname;
let app: FastifyInstance;
let context: BrowserContext;
let profile = '';
let base = '';
const outside: string[] = [];

before(async () => {
  if (skip) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  app = await buildApp({ config: defaultConfig({ RATE_LIMIT_MAX: 0 }) });
  if (!app.hasRoute({ method: 'GET', url: '/v1/versions' })) {
    // before the torch/sklearn version routes exist: a stand-in in their answer's shape, so the picker is tested
    app.get('/v1/versions', async () => ({
      torch: { parameter: 'torch_version', default: '2.14', accepted: [{ value: '2.14', build: 'torch 2.14.1' }, { value: '1.13', build: 'torch 1.13.1' }] },
      sklearn: { parameter: 'sklearn_version', default: '1.9', accepted: [{ value: '1.9', build: 'scikit-learn 1.9.1' }, { value: '1.2', build: 'scikit-learn 1.2.1' }] },
    }));
  }
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  profile = mkdtempSync(join(tmpdir(), 'playground-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1200, height: 900 },
  });
  context.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:') && !r.url().startsWith('about:')) outside.push(r.url());
  });
});

after(async () => {
  await context?.close();
  await app?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

type Grid = { seed: string; epochs: number[][][] };
type DataLoaderView = { request: Record<string, unknown>; requestB: Record<string, unknown>; a: Grid; b: Grid; dataset_size: number };

// Names the page functions below use: they run in the browser (playwright serialises them), where these exist.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const window: any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: any;
type HTMLCanvasElement = { width: number; height: number; getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
type HTMLSelectElement = { name: string };

async function api(path: string, body: unknown): Promise<Record<string, unknown>> {
  const r = await app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  assert.equal(r.statusCode, 200, r.body);
  return JSON.parse(r.body) as Record<string, unknown>;
}

/** Keeps the Python and the JSON answer the page shows, to run the Python under torch/sklearn by hand. */
async function keepPython(page: Page, name: string): Promise<void> {
  writeFileSync(join(ARTIFACTS, `${name}.py`), await page.locator('#python').innerText());
  writeFileSync(join(ARTIFACTS, `${name}.json`), await page.locator('#answer').innerText());
}

/** Colours of every drawn cell of a grid canvas, read back from its pixels, as [epoch][batch][position]. */
async function gridPixels(page: Page, which: 'a' | 'b'): Promise<number[][][][]> {
  return page.evaluate((w) => {
    const pg = (window as unknown as { __playground: { views: { dataloader: { a: Grid; b: Grid } }; cellPixel: Record<string, { scale: number; bs: number }> } }).__playground;
    const canvas = document.querySelector(`[data-role=grid-${w}]`) as HTMLCanvasElement;
    const { scale, bs } = pg.cellPixel[`grid-${w}`]!;
    const img = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const grid = pg.views.dataloader[w];
    return grid.epochs.map((batches, e) =>
      batches.map((batch, b) =>
        batch.map((_idx, p) => {
          const o = ((e * (bs + 1) + 1 + p) * scale * canvas.width + b * scale) * 4; // the cell's top-left pixel (a label row above each epoch)
          return [img[o]!, img[o + 1]!, img[o + 2]!];
        }),
      ),
    );
  }, which);
}

test('playground: the DataLoader grid equals the API answer cell by cell, before and after the seed changes', { skip, timeout: 180_000 }, async () => {
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.waitForFunction(() => { const pg = window.__playground; const v = pg?.views?.dataloader; return pg?.current === 'dataloader' && v !== undefined && (v.a.seed === "0"); }, null, { timeout: 30_000 });
  await page.screenshot({ path: join(ARTIFACTS, 'dataloader-desktop.png'), fullPage: true });
  for (const seed of [0, 7]) {
    if (seed !== 0) {
      await page.fill('#seed', String(seed));
      await page.waitForFunction((sd) => { const pg = window.__playground; return pg?.current === 'dataloader' && pg.views.dataloader?.a.seed === sd; }, String(seed), { timeout: 30_000 });
    }
    const view = (await page.evaluate(() => (window as unknown as { __playground: { views: { dataloader: DataLoaderView } } }).__playground.views.dataloader)) as DataLoaderView;
    const { seed_b: _b, ...cfg } = { ...view.request };
    assert.equal(cfg.seed, seed);
    const answer = (await api('/v1/dataloader', view.request)) as { epochs: Array<{ batches: number[][] }> };
    const answerB = (await api('/v1/dataloader', view.requestB)) as { epochs: Array<{ batches: number[][] }> };
    assert.deepEqual(view.a.epochs, answer.epochs.map((e) => e.batches), 'drawn data = API answer (seed A)');
    assert.deepEqual(view.b.epochs, answerB.epochs.map((e) => e.batches), 'drawn data = API answer (seed B)');
    assert.notDeepEqual(view.a.epochs, view.b.epochs, 'two seeds differ');
    // the pixels: every cell shows the colour of the sample index the API put there
    const colours = await page.evaluate(
      ({ epochs, n }) => epochs.map((bs) => bs.map((b) => b.map((i) => (window as unknown as { __playground: { colorOf: (i: number, n: number) => number[] } }).__playground.colorOf(i, n)))),
      { epochs: answer.epochs.map((e) => e.batches), n: view.dataset_size },
    );
    assert.deepEqual(await gridPixels(page, 'a'), colours, 'canvas pixels = colours of the API answer');
  }
  // the same seed twice gives the same grid
  await page.fill('[data-view=dataloader] [name=seed_b]', '7');
  await page.waitForFunction(() => (window as unknown as { __playground: { views: { dataloader: DataLoaderView } } }).__playground.views.dataloader.b.seed === '7');
  const same = (await page.evaluate(() => (window as unknown as { __playground: { views: { dataloader: DataLoaderView } } }).__playground.views.dataloader)) as DataLoaderView;
  assert.deepEqual(same.a.epochs, same.b.epochs);
  // the Python shown is the DataLoader call
  await keepPython(page, 'dataloader');
  assert.match(await page.locator('#python').innerText(), /DataLoader\(range\(10\), batch_size=3, shuffle=True\)/);
  assert.match(await page.locator('#curl').innerText(), /curl -s -X POST http:\/\/127\.0\.0\.1:\d+\/v1\/dataloader/);
  await page.close();
});

test('playground: a 10k-sample loader draws fast and exactly', { skip, timeout: 120_000 }, async () => {
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.waitForFunction(() => { const pg = window.__playground; const v = pg?.views?.dataloader; return pg?.current === 'dataloader' && v !== undefined && (v.a.seed === "0"); }, null, { timeout: 30_000 });
  const t0 = Date.now();
  await page.fill('[data-view=dataloader] [name=batch_size]', '64');
  await page.fill('[data-view=dataloader] [name=epochs]', '3');
  await page.fill('[data-view=dataloader] [name=dataset_size]', '10000');
  await page.waitForFunction(() => { const pg = window.__playground; const v = pg?.views?.dataloader; return pg?.current === 'dataloader' && v !== undefined && (v.dataset_size === 10000 && v.a.epochs.length === 3 && v.a.epochs[0][0].length === 64); }, null, { timeout: 30_000 });
  const ms = Date.now() - t0;
  assert.ok(ms < 10_000, `10k-sample loader took ${ms} ms`);
  const view = (await page.evaluate(() => (window as unknown as { __playground: { views: { dataloader: DataLoaderView } } }).__playground.views.dataloader)) as DataLoaderView;
  const answer = (await api('/v1/dataloader', view.request)) as { epochs: Array<{ batches: number[][] }> };
  assert.deepEqual(view.a.epochs, answer.epochs.map((e) => e.batches));
  const colours = await page.evaluate(
    ({ epochs, n }) => epochs.map((bs) => bs.map((b) => b.map((i) => (window as unknown as { __playground: { colorOf: (i: number, n: number) => number[] } }).__playground.colorOf(i, n)))),
    { epochs: answer.epochs.map((e) => e.batches), n: 10000 },
  );
  assert.deepEqual(await gridPixels(page, 'a'), colours);
  await page.screenshot({ path: join(ARTIFACTS, 'dataloader-10k.png'), fullPage: true });
  await page.close();
});

test('playground: keyboard only, module heat map, splits, and a 390 px phone screen', { skip, timeout: 180_000 }, async () => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${base}/`);
  await page.waitForFunction(() => { const pg = window.__playground; const v = pg?.views?.dataloader; return pg?.current === 'dataloader' && v !== undefined && (v.a.seed === "0"); }, null, { timeout: 30_000 });
  // nothing wider than the screen
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= 390, `page is ${overflow} px wide on a 390 px screen`);
  await page.screenshot({ path: join(ARTIFACTS, 'phone-dataloader.png'), fullPage: true });

  // Tab reaches the view tabs; arrow keys move between them
  await page.focus('#tab-dataloader');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'tab-module');
  await page.waitForFunction(() => { const pg = window.__playground; const v = pg?.views?.module; return pg?.current === 'module' && v !== undefined && (v.param === "weight"); }, null, { timeout: 30_000 });
  const mod = (await page.evaluate(() => (window as unknown as { __playground: { views: { module: { request: unknown; answer: { state_dict: Record<string, { data: number[][] }> }; drawn: { values: number[]; bound: number } } } } }).__playground.views.module));
  const answer = (await api('/v1/modules', mod.request)) as { state_dict: Record<string, { data: number[][] }> };
  assert.deepEqual(mod.drawn.values, answer.state_dict.weight!.data.flat(), 'heat map = weight');
  assert.equal(mod.drawn.bound, 1 / Math.sqrt(16), 'Linear(16, 8) draws from U(-1/sqrt(16), 1/sqrt(16))');
  assert.ok(mod.drawn.values.every((v) => Math.abs(v) <= mod.drawn.bound));
  assert.match(await page.locator('#python').innerText(), /torch\.nn\.Linear\(in_features=16, out_features=8\)/);
  await page.screenshot({ path: join(ARTIFACTS, 'phone-module.png'), fullPage: true });
  await keepPython(page, 'module');

  // keyboard: Tab from the tab into the panel's first control, pick a preset with the arrow keys
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => (document.activeElement as HTMLSelectElement | null)?.name), 'preset');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => { const pg = window.__playground; const v = pg?.views?.module; return pg?.current === 'module' && v !== undefined && (v.request.module.type === "Conv2d"); }, null, { timeout: 30_000 });

  await page.focus('#tab-module');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'tab-split');
  await page.waitForFunction(() => { const pg = window.__playground; const v = pg?.views?.split; return pg?.current === 'split' && v !== undefined && (true); }, null, { timeout: 30_000 });
  const split = (await page.evaluate(() => (window as unknown as { __playground: { views: { split: { request: unknown; member: number[] } } } }).__playground.views.split));
  const sp = (await api('/v1/random_split', split.request)) as { subsets: number[][] };
  assert.deepEqual(sp.subsets, [[4, 1, 7], [5, 3, 9, 0, 8, 6, 2]], 'the README example');
  split.member.forEach((k, i) => assert.ok(sp.subsets[k]!.includes(i)));
  await page.screenshot({ path: join(ARTIFACTS, 'phone-split.png'), fullPage: true });
  await keepPython(page, 'split');

  await page.keyboard.press('End');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'tab-sklearn');
  await page.waitForFunction(() => { const pg = window.__playground; const v = pg?.views?.sklearn; return pg?.current === 'sklearn' && v !== undefined && (v.roles.length === 5); }, null, { timeout: 30_000 });
  const sk = (await page.evaluate(() => (window as unknown as { __playground: { views: { sklearn: { request: unknown; url: string; roles: string[][] } } } }).__playground.views.sklearn));
  const folds = ((await api(sk.url, sk.request)) as { folds: Array<{ train: number[]; test: number[] }> }).folds;
  assert.deepEqual(
    sk.roles,
    folds.map((f) => Array.from({ length: 20 }, (_, i) => (f.test.includes(i) ? 'test' : f.train.includes(i) ? 'train' : 'none'))),
  );
  await page.screenshot({ path: join(ARTIFACTS, 'phone-sklearn.png'), fullPage: true });
  await keepPython(page, 'sklearn_splitters');
  // copy buttons are reachable and work
  await page.focus('#copy-python');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /copied/.test(document.querySelector('#status')?.textContent ?? ''));
  assert.deepEqual(outside, [], 'no request leaves the service');
  await page.close();
});

test('/docs: every operation opens "Try it out" with an example that answers 200', { skip, timeout: 180_000 }, async () => {
  const page = await context.newPage();
  await page.goto(`${base}/docs/`);
  await page.locator('#operations-compute-dataLoaderBatches').waitFor({ timeout: 30_000 });
  for (const op of ['dataLoaderBatches', 'sklearnCvSplit']) {
    const block = page.locator(`#operations-compute-${op}`);
    await block.locator('.opblock-summary').first().click();
    await block.locator('button.try-out__btn').click();
    await block.locator('button.execute').click();
    const code = block.locator('.live-responses-table .response .response-col_status').first();
    await code.waitFor({ timeout: 30_000 });
    assert.equal((await code.innerText()).trim(), '200', `${op}: Try it out as it opens answers 200`);
  }
  await page.screenshot({ path: join(ARTIFACTS, 'docs.png') });
  assert.deepEqual(outside, []);
  await page.close();
});

test('playground: the version pickers come from GET /v1/versions and send the field only when changed', { skip, timeout: 120_000 }, async () => {
  const versions = JSON.parse((await app.inject({ method: 'GET', url: '/v1/versions' })).body) as { torch: { default: string; accepted: Array<{ value: string }> } };
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.waitForFunction(() => window.__playground?.views?.dataloader?.a?.seed === '0', null, { timeout: 30_000 });
  const options = await page.locator('#torch_version option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
  assert.deepEqual(options, versions.torch.accepted.map((a) => a.value));
  assert.equal(await page.locator('#torch_version').inputValue(), versions.torch.default);
  const first = await page.evaluate(() => window.__playground.views.dataloader.request);
  assert.equal('torch_version' in first, false, 'the default version is not sent');
  const other = versions.torch.accepted.find((a) => a.value !== versions.torch.default)!.value;
  await page.selectOption('#torch_version', other);
  await page.waitForFunction(() => window.__playground.lastRequests.length >= 4 && window.__playground.renders >= 2, null, { timeout: 30_000 });
  await page.waitForFunction((v) => {
    const st = document.querySelector('#status')?.textContent ?? '';
    return window.__playground.views.dataloader.request.torch_version === v || /torch_version/.test(st);
  }, other, { timeout: 30_000 });
  const r = await app.inject({ method: 'POST', url: '/v1/dataloader', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ seed: 0, dataset_size: 10, batch_size: 3, shuffle: true, drop_last: false, epochs: 2, torch_version: other }) });
  if (r.statusCode === 200) {
    // the service knows torch_version: the page drew that version's answer
    const view = await page.evaluate(() => window.__playground.views.dataloader);
    assert.equal(view.request.torch_version, other);
    assert.deepEqual(view.a.epochs, (JSON.parse(r.body) as { epochs: Array<{ batches: number[][] }> }).epochs.map((e) => e.batches));
  } else {
    // not yet: the page shows the service's refusal instead of a wrong picture
    assert.match(await page.locator('#status').innerText(), /HTTP 400.*torch_version/);
  }
  await page.close();
});
