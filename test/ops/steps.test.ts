import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { STEPS, stepCost } from '../../src/ops/steps.js';
import { ScriptStep } from '../../src/schemas/scripts.js';
import { useApp } from '../helpers/app.js';

// Invariants applied to every op of the tables, not to hand-picked examples: for every module type,
// init function and tensor op the catalogue lists (generated from the same schemas the table holds),
// a request built from its required kwargs answers, answers the same twice, equals its one-step
// script, and stays within its work estimate.

const { app } = useApp({ RATE_LIMIT_MAX: 0 });

type Kwarg = { name: string; type: string; required: boolean };
type Entry = { name: string; kwargs: Kwarg[] };
type Body = Record<string, unknown>;

/** A value of a required kwarg, by the catalogue's type. */
function filler(k: Kwarg): unknown {
  if (k.type === 'TransformerEncoderLayer' || k.type === 'TransformerDecoderLayer') return { type: k.type, d_model: 2, nhead: 2, dim_feedforward: 3 };
  if (k.type === 'float') return 0.5;
  if (k.type === 'int[]') return [2, 3];
  if (k.type === 'int | bigint | string') return 10;
  if (k.type.startsWith('int')) return 2;
  throw new Error(`no filler for ${k.name}: ${k.type}`);
}

/** The kwargs an entry needs (plus overrides where torch wants a particular shape). */
function required(e: Entry, overrides: Record<string, Body> = {}): Body {
  return { ...Object.fromEntries(e.kwargs.filter((k) => k.required).map((k) => [k.name, filler(k)])), ...overrides[e.name] };
}

async function post(url: string, payload: unknown): Promise<{ status: number; text: string; json: Body }> {
  const r = await app().inject({ method: 'POST', url, payload: JSON.stringify(payload), headers: { 'content-type': 'application/json' } });
  return { status: r.statusCode, text: r.body, json: r.json() };
}

async function catalogue(family: string): Promise<Entry[]> {
  const r = await app().inject({ method: 'GET', url: `/v1/catalogue/${family}` });
  return (r.json() as Record<string, Entry[]>)[family]!;
}

/** The invariants for one op: its endpoint request and its script step. */
async function check(url: string, body: Body, step: Body): Promise<void> {
  const a = await post(url, { seed: 7, ...body });
  assert.equal(a.status, 200, `${url} ${JSON.stringify(body)}: ${a.text.slice(0, 300)}`);
  const b = await post(url, { seed: 7, ...body });
  assert.equal(b.text, a.text, 'same seed, same answer');
  const s = await post('/v1/scripts', { seed: 7, steps: [step] });
  assert.equal(s.status, 200, s.text.slice(0, 300));
  // warnings (torch's UserWarnings) belong to the whole answer, the script's as the endpoint's
  const { seed: _seed, warnings, ...want } = a.json;
  assert.deepEqual((s.json.results as Body[])[0], want, 'a one-step script equals its endpoint');
  assert.deepEqual(s.json.warnings, warnings, 'and warns as it does');
  const cost = stepCost(ScriptStep.parse(step));
  assert.ok(cost.bytes >= a.text.length, `estimate ${cost.bytes} bytes < answer ${a.text.length}`);
}

describe('every op of the tables', () => {
  test('the table has an entry for every op the catalogue lists as a script step', async () => {
    const steps = (await catalogue('script_steps')).map((e) => (e.name.startsWith('init:') ? 'init' : e.name));
    assert.deepEqual([...new Set(steps)].sort(), Object.keys(STEPS).sort());
  });

  test('every module type', async () => {
    const modules = await catalogue('modules');
    assert.ok(modules.length > 80);
    // nn.Transformer's defaults are 44M parameters: a small one
    const overrides = { Transformer: { d_model: 2, nhead: 2, dim_feedforward: 3, num_encoder_layers: 1, num_decoder_layers: 1 } };
    for (const m of modules) {
      const module = { type: m.name, ...required(m, overrides) };
      await check('/v1/modules', { module }, { op: 'module', module });
    }
  });

  test('every init function', async () => {
    const overrides = { dirac_: { size: [2, 2, 3] }, eye_: { size: [2, 3] } };
    for (const f of await catalogue('init')) {
      const body = { fn: f.name, ...required(f, overrides) };
      await check('/v1/init', body, { op: 'init', ...body });
    }
  });

  test('every tensor op', async () => {
    for (const t of await catalogue('tensors')) {
      const body = { op: t.name, ...required(t) };
      await check('/v1/tensors', body, body);
    }
  });
});
