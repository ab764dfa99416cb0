// The playground at `/`: plain browser JavaScript, no build step, no outside network. Every picture is
// drawn from the service's own JSON answer; what was drawn is exposed on `window.__playground` so that
// tests (test/playground.e2e.test.ts) can compare it with the API cell by cell.
'use strict';

const $ = (sel, root = document) => root.querySelector(sel);
const FALLBACK = { torch: '2.14', sklearn: '1.9' };
const versions = { torch: { def: FALLBACK.torch, values: [FALLBACK.torch] }, sklearn: { def: FALLBACK.sklearn, values: [FALLBACK.sklearn] } };
const pg = (window.__playground = { renders: 0, views: {}, colorOf, cellPixel: {}, lastRequests: [] });

// ---- colours ------------------------------------------------------------------------------------

/** hsl (h in degrees, s and l in [0, 1]) to integer rgb. */
function hsl(h, s, l) {
  const k = (n) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [Math.round(255 * f(0)), Math.round(255 * f(8)), Math.round(255 * f(4))];
}

/** Colour of sample `i` of `n`: blue (0) through green to red (n - 1). */
function colorOf(i, n) {
  const t = n > 1 ? i / (n - 1) : 0;
  return hsl(240 * (1 - t), 0.75, 0.5);
}

const SUBSET_COLOURS = [[36, 87, 197], [230, 126, 34], [39, 174, 96], [192, 57, 43], [142, 68, 173], [22, 160, 133], [241, 196, 15], [127, 140, 141]];
const ROLE_COLOURS = { train: [46, 160, 67], test: [240, 140, 0], none: [215, 218, 224] };
const BACKGROUND = [245, 246, 248];

/** A canvas sized to `w` × `h` cells of `s` pixels, filled by `cell(x, y)` → rgb or null (background). */
function paint(canvas, w, h, s, cell) {
  canvas.width = Math.max(1, w * s);
  canvas.height = Math.max(1, h * s);
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(canvas.width, canvas.height);
  const d = img.data;
  const W = canvas.width;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const c = cell(x, y) || BACKGROUND;
      for (let dy = 0; dy < s; dy++) {
        let o = ((y * s + dy) * W + x * s) * 4;
        for (let dx = 0; dx < s; dx++, o += 4) {
          d[o] = c[0];
          d[o + 1] = c[1];
          d[o + 2] = c[2];
          d[o + 3] = 255;
        }
      }
    }
  }
  ctx.putImageData(img, 0, 0);
  // never stretched beyond one backing pixel per CSS pixel: small grids stay small
  canvas.style.maxWidth = `${canvas.width / (window.devicePixelRatio || 1)}px`;
  return ctx;
}

/** Cell scale: as large as fits `maxW` × `maxH` pixels, at least 1. */
function scaleFor(w, h, maxW, maxH) {
  return Math.max(1, Math.min(Math.floor(maxW / Math.max(1, w)), Math.floor(maxH / Math.max(1, h)), 48));
}

/** Writes small labels in cells big enough to hold them (away from the top-left pixel tests read). */
function labels(ctx, s, items) {
  if (s < 18) return;
  ctx.font = `${Math.floor(s * 0.45)}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = '#fff';
  for (const [x, y, text] of items) ctx.fillText(String(text), x * s + s / 2, y * s + s / 2 + 1);
}

// ---- Python and curl text -----------------------------------------------------------------------

/** A JSON value as Python source. */
function py(v) {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map(py).join(', ')}]`;
  if (typeof v === 'object' && typeof v.type === 'string') return moduleExpr(v);
  return `{${Object.entries(v).map(([k, x]) => `${py(k)}: ${py(x)}`).join(', ')}}`;
}

/** A module spec as the torch.nn constructor call it stands for. */
function moduleExpr(spec) {
  const { type, ...kw } = spec;
  if (type === 'Sequential') return `torch.nn.Sequential(${(kw.layers || []).map(moduleExpr).join(', ')})`;
  const args = Object.entries(kw).map(([k, v]) => `${k}=${k === 'dtype' ? `torch.${v}` : py(v)}`);
  return `torch.nn.${type}(${args.join(', ')})`;
}

function curl(url, body) {
  const json = JSON.stringify(body).replace(/'/g, "'\\''");
  return `curl -s -X POST ${location.origin}${url} -H 'content-type: application/json' -d '${json}'`;
}

function versionComment(lib) {
  const v = $(`#${lib}_version`).value;
  return lib === 'torch' ? `# torch ${v} on the CPU` : `# scikit-learn ${v}`;
}

// ---- requests -----------------------------------------------------------------------------------

/** The version fields of a request: sent only when the picker differs from the service's default. */
function versionFields(lib) {
  const v = $(`#${lib}_version`).value;
  return v && v !== versions[lib].def ? { [`${lib}_version`]: v } : {};
}

async function post(url, body) {
  pg.lastRequests.push(url);
  const t0 = performance.now();
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await r.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { ok: r.ok, status: r.status, json, text, ms: Math.round(performance.now() - t0), cache: r.headers.get('x-cache') };
}

function seedValue() {
  const s = $('#seed').value.trim();
  return /^-?\d+$/.test(s) ? (Number.isSafeInteger(Number(s)) ? Number(s) : s) : 0;
}

function int(form, name, fallback) {
  const v = Number(form.elements[name].value);
  return Number.isInteger(v) ? v : fallback;
}

function show(status, python, curls, answer) {
  const st = $('#status');
  st.textContent = status.text;
  st.className = `status${status.error ? ' error' : ''}`;
  $('#python').textContent = python;
  $('#curl').textContent = curls;
  const a = typeof answer === 'string' ? answer : JSON.stringify(answer);
  $('#answer').textContent = a.length > 20000 ? `${a.slice(0, 20000)} … (${a.length} characters)` : a;
}

function failure(r) {
  const detail = r.json && r.json.detail ? r.json.detail : r.text.slice(0, 300);
  return { text: `HTTP ${r.status}: ${detail}`, error: true };
}

// ---- views --------------------------------------------------------------------------------------

const views = {
  async dataloader(panel) {
    const f = $('form', panel);
    const seedA = seedValue();
    const seedB = /^-?\d+$/.test(f.elements.seed_b.value.trim()) ? Number(f.elements.seed_b.value) : 1;
    const cfg = {
      dataset_size: int(f, 'dataset_size', 10),
      batch_size: int(f, 'batch_size', 1),
      shuffle: f.elements.shuffle.checked,
      drop_last: f.elements.drop_last.checked,
      epochs: int(f, 'epochs', 1),
    };
    const bodyA = { seed: seedA, ...cfg, ...versionFields('torch') };
    const bodyB = { ...bodyA, seed: seedB };
    const [a, b] = await Promise.all([post('/v1/dataloader', bodyA), post('/v1/dataloader', bodyB)]);
    const kw = [`batch_size=${cfg.batch_size}`];
    if (cfg.shuffle) kw.push('shuffle=True');
    if (cfg.drop_last) kw.push('drop_last=True');
    const python = [
      versionComment('torch'),
      'import torch',
      'from torch.utils.data import DataLoader',
      '',
      `for seed in (${py(seedA)}, ${py(seedB)}):`,
      '    torch.manual_seed(seed)',
      `    loader = DataLoader(range(${cfg.dataset_size}), ${kw.join(', ')})`,
      `    for epoch in range(${cfg.epochs}):`,
      '        print(seed, epoch, [b.tolist() for b in loader])',
    ].join('\n');
    const curls = `${curl('/v1/dataloader', bodyA)}\n${curl('/v1/dataloader', bodyB)}`;
    if (!a.ok || !b.ok) return show(failure(a.ok ? b : a), python, curls, (a.ok ? b : a).text);
    $('[data-role=seed-a]', panel).textContent = String(a.json.seed);
    $('[data-role=seed-b]', panel).textContent = String(b.json.seed);
    const n = cfg.dataset_size;
    const grids = {};
    for (const [which, r] of [['a', a], ['b', b]]) {
      const epochs = r.json.epochs.map((e) => e.batches.map((x) => (Array.isArray(x) ? x : [x])));
      grids[which] = { seed: r.json.seed, epochs };
      drawGrid($(`[data-role=grid-${which}]`, panel), epochs, n, which);
    }
    pg.views.dataloader = { request: bodyA, requestB: bodyB, a: grids.a, b: grids.b, dataset_size: n };
    show({ text: `HTTP 200 · ${a.ms} ms (${a.cache}) and ${b.ms} ms (${b.cache}) · ${n} samples × ${cfg.epochs} epochs` }, python, curls, a.text);
  },

  async module(panel) {
    const f = $('form', panel);
    let spec;
    try {
      spec = JSON.parse(f.elements.spec.value);
    } catch {
      return show({ text: 'The module spec is not valid JSON', error: true }, '', '', '');
    }
    const body = { seed: seedValue(), module: spec, ...versionFields('torch') };
    const python = [
      versionComment('torch'),
      'import torch',
      '',
      `torch.manual_seed(${py(body.seed)})`,
      `m = ${moduleExpr(spec)}`,
      'for k, v in m.state_dict().items():',
      '    print(k, v.tolist())',
    ].join('\n');
    const r = await post('/v1/modules', body);
    if (!r.ok) return show(failure(r), python, curl('/v1/modules', body), r.text);
    const sd = r.json.state_dict;
    const keys = Object.keys(sd);
    const sel = f.elements.param;
    const keep = keys.includes(sel.value) ? sel.value : keys.find((k) => sd[k].data !== undefined && typeof sd[k].data !== 'number') || keys[0];
    sel.replaceChildren(...keys.map((k) => new Option(`${k} ${JSON.stringify(sd[k].shape)}`, k)));
    if (keep !== undefined) sel.value = keep;
    const drawn = keep !== undefined ? drawParam(panel, spec, keep, sd) : null;
    pg.views.module = { request: body, answer: r.json, param: keep, drawn };
    show({ text: `HTTP 200 · ${r.ms} ms (${r.cache}) · ${keys.length} tensors` }, python, curl('/v1/modules', body), r.text);
  },

  async split(panel) {
    const f = $('form', panel);
    const n = int(f, 'dataset_size', 10);
    const lengths = f.elements.lengths.value.split(/[\s,]+/).filter(Boolean).map(Number);
    const body = { seed: seedValue(), dataset_size: n, lengths, ...versionFields('torch') };
    const python = [
      versionComment('torch'),
      'import torch',
      'from torch.utils.data import random_split',
      '',
      `torch.manual_seed(${py(body.seed)})`,
      `print([list(s) for s in random_split(range(${n}), ${py(lengths)})])`,
    ].join('\n');
    const r = await post('/v1/random_split', body);
    if (!r.ok) return show(failure(r), python, curl('/v1/random_split', body), r.text);
    const member = new Array(n).fill(null);
    r.json.subsets.forEach((s, k) => s.forEach((i) => (member[i] = k)));
    const rows = [member.map((k) => (k === null ? null : SUBSET_COLOURS[k % SUBSET_COLOURS.length]))];
    drawBars($('[data-role=bars]', panel), rows, 'split', member.map((k) => (k === null ? '' : k)));
    pg.views.split = { request: body, answer: r.json, member };
    show({ text: `HTTP 200 · ${r.ms} ms · lengths ${JSON.stringify(r.json.lengths)}` }, python, curl('/v1/random_split', body), r.text);
  },

  async sklearn(panel) {
    const f = $('form', panel);
    const splitter = f.elements.splitter.value;
    const n = int(f, 'n_samples', 20);
    const k = int(f, 'n_splits', 5);
    const classes = Math.max(1, int(f, 'classes', 3));
    const shuffle = f.elements.shuffle.checked;
    const testSize = Number(f.elements.test_size.value);
    const rs = seedValue();
    const labels = Array.from({ length: n }, (_, i) => i % classes);
    const stratified = splitter.startsWith('Stratified') || splitter === 'RepeatedStratifiedKFold';
    const lines = [versionComment('sklearn'), 'import numpy as np'];
    let url;
    let body;
    if (splitter === 'train_test_split') {
      url = '/v1/sklearn/train_test_split';
      body = { n_samples: n, test_size: testSize, shuffle, ...(shuffle ? { random_state: rs } : {}) };
      lines.push(
        'from sklearn.model_selection import train_test_split',
        '',
        `train, test = train_test_split(np.arange(${n}), test_size=${py(testSize)}${shuffle ? `, random_state=${py(rs)}` : ', shuffle=False'})`,
        'print(train.tolist(), test.tolist())',
      );
    } else {
      url = '/v1/sklearn/cv_split';
      const kw = [`n_splits=${k}`];
      body = { splitter, n_splits: k };
      if (splitter === 'KFold' || splitter === 'StratifiedKFold') {
        body.shuffle = shuffle;
        if (shuffle) body.random_state = rs;
        kw.push(`shuffle=${py(shuffle)}`);
        if (shuffle) kw.push(`random_state=${py(rs)}`);
      } else if (splitter.endsWith('ShuffleSplit')) {
        body.test_size = testSize;
        body.random_state = rs;
        kw.push(`test_size=${py(testSize)}`, `random_state=${py(rs)}`);
      } else if (splitter.startsWith('Repeated')) {
        body.n_repeats = 2;
        body.random_state = rs;
        kw.push('n_repeats=2', `random_state=${py(rs)}`);
      }
      if (stratified) body.y = labels;
      else if (splitter === 'GroupKFold') body.groups = labels;
      if (!stratified || splitter === 'GroupKFold') body.n_samples = n;
      lines.push(
        `from sklearn.model_selection import ${splitter}`,
        '',
        `X = np.zeros(${n})`,
        `labels = np.arange(${n}) % ${classes}`,
        `cv = ${splitter}(${kw.join(', ')})`,
        `for train, test in cv.split(X${stratified ? ', labels' : splitter === 'GroupKFold' ? ', groups=labels' : ''}):`,
        '    print(train.tolist(), test.tolist())',
      );
    }
    Object.assign(body, versionFields('sklearn'));
    const python = lines.join('\n');
    const r = await post(url, body);
    if (!r.ok) return show(failure(r), python, curl(url, body), r.text);
    const folds = splitter === 'train_test_split' ? [{ train: r.json.train, test: r.json.test }] : r.json.folds;
    const roles = folds.map((fold) => {
      const row = new Array(n).fill('none');
      fold.train.forEach((i) => (row[i] = 'train'));
      fold.test.forEach((i) => (row[i] = 'test'));
      return row;
    });
    drawBars($('[data-role=bars]', panel), roles.map((row) => row.map((x) => ROLE_COLOURS[x])), 'sklearn', null);
    pg.views.sklearn = { request: body, url, answer: r.json, roles };
    const warn = r.json.warnings && r.json.warnings.length ? ` · warning: ${r.json.warnings.join('; ')}` : '';
    show({ text: `HTTP 200 · ${r.ms} ms · ${folds.length} fold${folds.length === 1 ? '' : 's'}${warn}` }, python, curl(url, body), r.text);
  },
};

/** The epochs × batches grid: epoch e is a band of rows, batch b a column, position p a row in the band. */
function drawGrid(canvas, epochs, n, which) {
  const cols = Math.max(1, ...epochs.map((e) => e.length));
  const bs = Math.max(1, ...epochs.flatMap((e) => e.map((b) => b.length)));
  // epoch e: a label row at e * (bs + 1), then its bs rows of samples
  const rows = epochs.length * (bs + 1);
  const width = canvas.parentElement.clientWidth || 360;
  const s = scaleFor(cols, rows, width * (window.devicePixelRatio || 1), 900 * (window.devicePixelRatio || 1));
  const at = new Map();
  epochs.forEach((batches, e) => batches.forEach((batch, b) => batch.forEach((idx, p) => at.set(b + cols * (e * (bs + 1) + 1 + p), idx))));
  const ctx = paint(canvas, cols, Math.max(1, rows), s, (x, y) => {
    const idx = at.get(x + cols * y);
    return idx === undefined ? null : colorOf(idx, n);
  });
  const items = [];
  if (s >= 18) at.forEach((idx, key) => items.push([key % cols, Math.floor(key / cols), idx]));
  labels(ctx, s, items);
  if (s >= 10) {
    ctx.font = `${Math.floor(Math.min(s * 0.6, 13 * (window.devicePixelRatio || 1)))}px system-ui, sans-serif`;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillStyle = '#5b6472';
    epochs.forEach((_b, e) => ctx.fillText(`epoch ${e}`, 4, e * (bs + 1) * s + s / 2 + 1));
  }
  pg.cellPixel[`grid-${which}`] = { scale: s, cols, bs, firstRow: 1 };
}

/** Membership bars: one row per fold (or one row for random_split), sample i in column i. */
function drawBars(canvas, rows, name, text) {
  const n = Math.max(1, ...rows.map((r) => r.length));
  const width = canvas.parentElement.clientWidth || 720;
  const sx = scaleFor(n, 1, width * (window.devicePixelRatio || 1), 48);
  // rows at least 14 pixels tall so that thin bars stay visible
  const sy = Math.max(sx, 14);
  canvas.width = n * sx;
  canvas.height = rows.length * (sy + 2);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = 'rgb(255,255,255)';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  rows.forEach((row, y) =>
    row.forEach((c, x) => {
      const [r, g, b] = c || BACKGROUND;
      ctx.fillStyle = `rgb(${r},${g},${b})`;
      ctx.fillRect(x * sx, y * (sy + 2), sx >= 6 ? sx - 1 : sx, sy); // a 1 px seam between wide cells
    }),
  );
  if (text && sx >= 18) {
    ctx.font = `${Math.floor(sx * 0.45)}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillStyle = '#fff';
    text.forEach((t, x) => ctx.fillText(String(x), x * sx + sx / 2, sy / 2 + 1));
  }
  pg.cellPixel[name] = { sx, sy, gap: 2 };
}

/** The bound torch drew a parameter from, when the module's reset_parameters is a known uniform/normal. */
function boundOf(spec, key, sd) {
  const t = spec.type;
  const last = key.split('.').pop();
  const fanInOf = (w) => (w && w.shape.length >= 2 ? w.shape[1] * w.shape.slice(2).reduce((a, b) => a * b, 1) : 0);
  if (/^(Linear|Conv\d?d|ConvTranspose\dd)$/.test(t)) {
    // torch/nn/modules/linear.py, conv.py reset_parameters: kaiming_uniform_(w, a=sqrt(5)) -> bound 1/sqrt(fan_in); bias U(-1/sqrt(fan_in), 1/sqrt(fan_in))
    const fanIn = fanInOf(sd.weight);
    if (fanIn > 0) return { kind: 'uniform', bound: 1 / Math.sqrt(fanIn), text: `U(−b, b), b = 1/√fan_in = 1/√${fanIn} (kaiming_uniform_(a=√5))` };
  }
  if (t === 'Bilinear') {
    const in1 = sd.weight ? sd.weight.shape[1] : 0;
    if (in1 > 0) return { kind: 'uniform', bound: 1 / Math.sqrt(in1), text: `U(−b, b), b = 1/√in1_features = 1/√${in1}` };
  }
  if (/^(RNN|LSTM|GRU)(Cell)?$/.test(t) && spec.hidden_size > 0) {
    return { kind: 'uniform', bound: 1 / Math.sqrt(spec.hidden_size), text: `U(−b, b), b = 1/√hidden_size = 1/√${spec.hidden_size}` };
  }
  if (/^Embedding(Bag)?$/.test(t) && last === 'weight') return { kind: 'normal', bound: 3, text: 'N(0, 1) (normal_); lines at ±3σ' };
  return null;
}

function drawParam(panel, spec, key, sd) {
  const t = sd[key];
  const flat = [t.data].flat(Infinity).map(Number);
  const shape = t.shape;
  const rows = shape.length >= 2 ? shape[0] : 1;
  const cols = shape.length >= 2 ? flat.length / Math.max(1, rows) : flat.length;
  const bound = boundOf(spec, key, sd);
  let lim = bound ? bound.bound : Math.max(1e-12, ...flat.map(Math.abs));
  if (!Number.isFinite(lim) || lim === 0) lim = 1;
  const heat = $('[data-role=heat]', panel);
  const width = heat.parentElement.clientWidth || 360;
  const s = scaleFor(cols, rows, width * (window.devicePixelRatio || 1), 480);
  paint(heat, Math.max(1, cols), Math.max(1, rows), s, (x, y) => {
    const v = flat[y * cols + x];
    if (v === undefined) return null;
    const u = Math.max(-1, Math.min(1, v / lim));
    const end = u < 0 ? [33, 102, 172] : [178, 24, 43];
    const a = Math.abs(u);
    return [0, 1, 2].map((i) => Math.round(255 + (end[i] - 255) * a));
  });
  $('[data-role=heat-caption]', panel).textContent = `${key} ${JSON.stringify(shape)} ${t.dtype}, colour scale ±${lim.toPrecision(4)}`;
  // histogram over [-lim, lim] (or the data's range), 40 bins, dashed lines at the bound
  const hist = $('[data-role=hist]', panel);
  const W = (hist.width = Math.round(Math.min(720, width * (window.devicePixelRatio || 1))));
  const H = (hist.height = Math.round(W / 2));
  const ctx = hist.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, W, H);
  const lo = bound ? -lim * 1.1 : Math.min(...flat, 0);
  const hi = bound ? lim * 1.1 : Math.max(...flat, 0);
  const bins = new Array(40).fill(0);
  for (const v of flat) bins[Math.min(39, Math.max(0, Math.floor(((v - lo) / (hi - lo || 1)) * 40)))]++;
  const top = Math.max(1, ...bins);
  const xOf = (v) => 20 + ((v - lo) / (hi - lo || 1)) * (W - 40);
  ctx.fillStyle = '#2457c5';
  bins.forEach((c, i) => {
    const h = (c / top) * (H - 40);
    ctx.fillRect(20 + (i * (W - 40)) / 40 + 1, H - 20 - h, (W - 40) / 40 - 2, h);
  });
  ctx.strokeStyle = '#999';
  ctx.beginPath();
  ctx.moveTo(20, H - 20);
  ctx.lineTo(W - 20, H - 20);
  ctx.stroke();
  ctx.fillStyle = '#333';
  ctx.font = `${Math.round(H / 14)}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  if (bound) {
    ctx.strokeStyle = '#c0392b';
    ctx.setLineDash([6, 4]);
    for (const b of [-lim, lim]) {
      ctx.beginPath();
      ctx.moveTo(xOf(b), 10);
      ctx.lineTo(xOf(b), H - 20);
      ctx.stroke();
      ctx.fillText(b.toPrecision(3), xOf(b), H - 5);
    }
    ctx.setLineDash([]);
  } else {
    ctx.fillText(lo.toPrecision(3), 30, H - 5);
    ctx.fillText(hi.toPrecision(3), W - 30, H - 5);
  }
  $('[data-role=hist-caption]', panel).textContent = bound ? `${flat.length} values; ${bound.text}` : `${flat.length} values (constant or no single bound)`;
  return { key, rows, cols, values: flat, bound: bound ? bound.bound : null };
}

// ---- wiring -------------------------------------------------------------------------------------

let current = 'dataloader';
const stale = new Set(Object.keys(views));
let timer = null;
let running = Promise.resolve();

function schedule(delay = 200) {
  clearTimeout(timer);
  timer = setTimeout(() => {
    running = running.then(run, run);
  }, delay);
}

async function run() {
  const name = current;
  const panel = document.getElementById(`view-${name}`);
  stale.delete(name);
  try {
    await views[name](panel);
  } catch (e) {
    show({ text: `Request failed: ${e.message}`, error: true }, '', '', '');
  }
  pg.renders++;
  pg.current = name;
}

function select(name, focus) {
  current = name;
  for (const tab of document.querySelectorAll('[role=tab]')) {
    const on = tab.id === `tab-${name}`;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    document.getElementById(tab.getAttribute('aria-controls')).hidden = !on;
    if (on && focus) tab.focus();
  }
  if (stale.has(name)) schedule(0);
  else schedule(0);
}

async function loadVersions() {
  try {
    const r = await fetch('/v1/versions');
    if (r.ok) {
      const v = await r.json();
      for (const lib of ['torch', 'sklearn']) {
        const raw = v[lib] ?? v[`${lib}_versions`];
        let values = null;
        let def = null;
        if (Array.isArray(raw)) values = raw;
        else if (raw && typeof raw === 'object') {
          values = raw.accepted ?? raw.supported ?? raw.versions ?? raw.values ?? null;
          def = raw.default ?? null;
        }
        if (Array.isArray(values) && values.length > 0) {
          const builds = Object.fromEntries(values.filter((x) => x && typeof x === 'object' && x.build).map((x) => [String(x.value ?? x.version), String(x.build)]));
          values = values.map((x) => (typeof x === 'object' && x !== null ? String(x.value ?? x.version ?? x.name) : String(x)));
          versions[lib] = { def: String(def ?? v[`default_${lib}_version`] ?? values[0]), values, builds };
        }
      }
    }
  } catch {
    /* no /v1/versions: the defaults */
  }
  for (const lib of ['torch', 'sklearn']) {
    const sel = $(`#${lib}_version`);
    sel.replaceChildren(
      ...versions[lib].values.map((x) => {
        const o = new Option(x === versions[lib].def ? `${x} (default)` : x, x);
        if (versions[lib].builds && versions[lib].builds[x]) o.title = versions[lib].builds[x];
        return o;
      }),
    );
    sel.value = versions[lib].def;
  }
}

async function copy(text, what) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const ta = document.createElement('textarea');
    ta.value = text;
    document.body.append(ta);
    ta.select();
    document.execCommand('copy');
    ta.remove();
  }
  $('#status').textContent = `${what} copied to the clipboard`;
}

function init() {
  const modulePanel = document.getElementById('view-module');
  const mf = $('form', modulePanel);
  mf.elements.spec.value = mf.elements.preset.value;
  mf.elements.preset.addEventListener('change', () => {
    mf.elements.spec.value = mf.elements.preset.value;
  });
  const tabs = [...document.querySelectorAll('[role=tab]')];
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => select(tab.id.slice(4), false));
    tab.addEventListener('keydown', (e) => {
      const j = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
      if (j === undefined) return;
      e.preventDefault();
      select(tabs[(j + tabs.length) % tabs.length].id.slice(4), true);
    });
  });
  for (const form of document.querySelectorAll('form')) {
    form.addEventListener('submit', (e) => e.preventDefault());
    form.addEventListener('input', (e) => {
      if (form.id === 'global') for (const k of Object.keys(views)) stale.add(k);
      if (e.target.name === 'param') {
        const v = pg.views.module;
        if (v) v.drawn = drawParam(modulePanel, v.request.module, e.target.value, v.answer.state_dict);
        if (v) v.param = e.target.value;
        return;
      }
      schedule();
    });
  }
  $('#copy-curl').addEventListener('click', () => copy($('#curl').textContent, 'curl command'));
  $('#copy-python').addEventListener('click', () => copy($('#python').textContent, 'Python'));
  let width = window.innerWidth;
  window.addEventListener('resize', () => {
    if (Math.abs(window.innerWidth - width) > 40) {
      width = window.innerWidth;
      schedule(300);
    }
  });
  loadVersions().then(() => schedule(0));
}

init();
