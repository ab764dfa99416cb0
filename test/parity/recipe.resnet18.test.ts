import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Generator } from '../../src/engine/torch/generator/generator.js';
import { runScript } from '../../src/ops/steps.js';
import { ScriptRequest } from '../../src/schemas/scripts.js';
import { assembleResnet18, resnet18Request } from '../../scripts/recipes/resnet18.js';
import { FIXTURE_DIR } from '../helpers/fixtures.js';
import { join } from 'node:path';
import { createHash } from 'node:crypto';

// docs/recipes/resnet18.md: the /v1/scripts request of scripts/recipes/resnet18.ts, put back together,
// is torchvision.models.resnet18()'s state_dict bit for bit (fixture written by torchvision 0.29.1 with
// gen_recipe_resnet18.py; 11.7M values pinned by sha256, so the engine runs the script here rather
// than the HTTP layer serialising 250 MB of JSON).
type Pinned = { shape: number[]; dtype: string; sha256: string; head: number[] };
const fixture = JSON.parse(readFileSync(join(FIXTURE_DIR, 'recipe-resnet18.json'), 'utf8')) as {
  torch: string;
  cases: Array<{ seed: number; state_dict: Record<string, Pinned>; next_rand: number[] }>;
};

for (const c of fixture.cases) {
  test(`resnet18 recipe, seed ${c.seed}, equals torchvision (torch ${fixture.torch})`, { timeout: 300_000 }, async () => {
    const body = resnet18Request(c.seed);
    // the request is one the route accepts
    const parsed = ScriptRequest.parse({ ...body, steps: [...body.steps, { op: 'rand', size: [4] }] });
    const g = new Generator(BigInt(parsed.seed!));
    const raw = runScript(g, parsed.steps, parsed.cpu_kernel) as Array<Record<string, unknown>>;
    // the engine's state_dicts are [name, tensor] pairs; the HTTP answer's are objects, as assemble takes them
    const results = raw.map((r) => (Array.isArray(r.state_dict) ? { state_dict: Object.fromEntries(r.state_dict as Array<[string, unknown]>) } : r));
    const sd = assembleResnet18(results.slice(0, -1));
    assert.deepEqual(Object.keys(sd), Object.keys(c.state_dict), 'state_dict keys in torchvision order');
    for (const [k, want] of Object.entries(c.state_dict)) {
      const got = sd[k]!;
      assert.deepEqual(got.shape, want.shape, `${k} shape`);
      assert.equal(got.dtype, want.dtype, `${k} dtype`);
      const data = got.data as Float32Array | BigInt64Array;
      assert.deepEqual(Array.from(data.slice(0, want.head.length), Number), want.head, `${k}: first values`);
      const digest = createHash('sha256').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex');
      assert.equal(digest, want.sha256, `${k}: sha256 of all ${data.length} values`);
    }
    // the generator is where torchvision's constructor left it
    assert.deepEqual(Array.from((results.at(-1)!.tensor as { data: Float32Array }).data), c.next_rand);
  });
}
