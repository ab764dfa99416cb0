import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import { Generator } from '../../../../src/engine/torch/generator/generator.js';
import type { ModuleSpec, StateDict } from '../../../../src/engine/torch/nn/module.js';
import { buildModule } from '../../../../src/engine/torch/nn/registry.js';
import { encodeSafetensors } from '../../../../src/engine/torch/nn/safetensors.js';
import { ModuleSpecSchema } from '../../../../src/schemas/modules.js';

// The safetensors writer, read back by a decoder written here from the format's description
// (independent of the writer), and by real torch when /usr/bin/python3 has it.

interface Decoded {
  metadata?: Record<string, string>;
  tensors: Array<{ key: string; dtype: string; shape: number[]; values: number[] | bigint[] }>;
}

/** Reads a safetensors buffer: u64 LE header size, JSON header, data; validates offsets and coverage. */
function decode(buf: Uint8Array): Decoded {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const n = Number(dv.getBigUint64(0, true));
  assert.ok(8 + n <= buf.length, 'header fits');
  const header = JSON.parse(new TextDecoder().decode(buf.subarray(8, 8 + n))) as Record<string, unknown>;
  assert.equal((8 + n) % 8, 0, 'data starts 8-byte aligned');
  const data = buf.subarray(8 + n);
  const out: Decoded = { tensors: [] };
  const spans: Array<[number, number]> = [];
  for (const [key, v] of Object.entries(header)) {
    if (key === '__metadata__') {
      out.metadata = v as Record<string, string>;
      continue;
    }
    const e = v as { dtype: string; shape: number[]; data_offsets: [number, number] };
    const [b, end] = e.data_offsets;
    const width = { F32: 4, F64: 8, I64: 8 }[e.dtype as 'F32'];
    assert.ok(width, `dtype ${e.dtype}`);
    const count = e.shape.reduce((a, d) => a * d, 1);
    assert.equal(end - b, count * width, `${key}: byte length matches shape`);
    spans.push([b, end]);
    const view = new DataView(data.buffer, data.byteOffset + b, end - b);
    const values: number[] | bigint[] =
      e.dtype === 'I64'
        ? Array.from({ length: count }, (_, i) => view.getBigInt64(8 * i, true))
        : Array.from({ length: count }, (_, i) => (e.dtype === 'F32' ? view.getFloat32(4 * i, true) : view.getFloat64(8 * i, true)));
    out.tensors.push({ key, dtype: e.dtype, shape: e.shape, values });
  }
  // offsets cover the data without holes or overlaps (what safetensors' loader checks)
  spans.sort((x, y) => x[0] - y[0]);
  let pos = 0;
  for (const [b, e] of spans) {
    assert.equal(b, pos, 'no hole');
    pos = e;
  }
  assert.equal(pos, data.length, 'data fully covered');
  return out;
}

function build(module: unknown, seed: number | string): StateDict {
  return buildModule({ g: new Generator(seed), kernel: 'avx2' }, ModuleSpecSchema.parse(module) as ModuleSpec);
}

const SPECS: Array<[string, unknown, number | string]> = [
  ['Linear(3, 2)', { type: 'Linear', in_features: 3, out_features: 2 }, 0],
  ['BatchNorm2d(3) with int64 num_batches_tracked', { type: 'BatchNorm2d', num_features: 3 }, 1],
  ['empty Sequential', { type: 'Sequential', layers: [] }, 2],
  ['Linear(0, 3): zero-element weight', { type: 'Linear', in_features: 0, out_features: 3 }, 3],
  [
    'CNN',
    { type: 'Sequential', layers: [{ type: 'Conv2d', in_channels: 1, out_channels: 4, kernel_size: 3 }, { type: 'BatchNorm2d', num_features: 4 }, { type: 'ReLU' }, { type: 'Linear', in_features: 36, out_features: 10 }] },
    '18446744073709551615',
  ],
  ['LSTM(4, 8, 2 layers, bidirectional)', { type: 'LSTM', input_size: 4, hidden_size: 8, num_layers: 2, bidirectional: true }, -5],
];

describe('safetensors encoding of a state_dict', () => {
  for (const [name, module, seed] of SPECS) {
    test(`${name}: decoded independently to the same keys, order, shapes, dtypes and bits`, () => {
      const sd = build(module, seed);
      const dec = decode(encodeSafetensors(sd, { format: 'pt' }));
      assert.deepEqual(dec.metadata, { format: 'pt' });
      assert.deepEqual(
        dec.tensors.map((t) => t.key),
        sd.map(([k]) => k),
      );
      for (const [i, [key, t]] of sd.entries()) {
        const d = dec.tensors[i]!;
        assert.deepEqual(d.shape, t.shape, key);
        assert.equal(d.dtype, { float32: 'F32', float64: 'F64', int64: 'I64' }[t.dtype as 'float32'], key);
        for (let j = 0; j < t.data.length; j++) {
          const want = t.dtype === 'int64' ? BigInt(t.data[j]!) : t.data[j];
          assert.ok(Object.is(d.values[j], want), `${key}[${j}]: ${d.values[j]} != ${want}`);
        }
      }
    });
  }

  test('without metadata the header has tensor entries only', () => {
    const dec = decode(encodeSafetensors(build({ type: 'Linear', in_features: 1, out_features: 1 }, 0)));
    assert.equal(dec.metadata, undefined);
    assert.equal(dec.tensors.length, 2);
  });

  const python = '/usr/bin/python3';
  const hasTorch = existsSync(python) && spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
  test('real torch reads the bytes (struct + json + torch.frombuffer) into its own state_dict for the same seed', { skip: hasTorch ? false : 'no torch for /usr/bin/python3' }, () => {
    // safetensors' own package is not installable here (no Debian package; only the npm and Debian
    // registries are reachable), so torch parses the format with struct, json and torch.frombuffer.
    const cases = SPECS.map(([, m, s]) => [m, String(s)]);
    const files = SPECS.map(([, m, s]) => encodeSafetensors(build(m, s), { format: 'pt' }));
    const framed = Buffer.concat(files.flatMap((f) => [Buffer.from(new BigUint64Array([BigInt(f.length)]).buffer), Buffer.from(f)]));
    const script = `
import sys, json, struct, torch
from torch import nn
stream = sys.stdin.buffer.read()
def load(data):
    (n,) = struct.unpack('<Q', data[:8])
    header = json.loads(data[8:8 + n])
    header.pop('__metadata__', None)
    base = 8 + n
    dt = {'F32': torch.float32, 'F64': torch.float64, 'I64': torch.int64}
    out = {}
    for k, v in header.items():
        b, e = v['data_offsets']
        t = torch.frombuffer(bytearray(data[base + b:base + e]), dtype=dt[v['dtype']]) if e > b else torch.empty(0, dtype=dt[v['dtype']])
        out[k] = t.reshape(v['shape'])
    return out
def make(s):
    s = dict(s); t = s.pop('type')
    if t == 'Sequential': return nn.Sequential(*[make(l) for l in s['layers']])
    return getattr(nn, t)(**{k: tuple(v) if isinstance(v, list) else v for k, v in s.items()})
pos = 0
for spec, seed in json.loads(sys.argv[1]):
    (size,) = struct.unpack('<Q', stream[pos:pos + 8]); pos += 8
    loaded = load(stream[pos:pos + size]); pos += size
    torch.manual_seed(int(seed))
    sd = make(spec).state_dict()
    assert list(sd) == list(loaded), (list(sd), list(loaded))
    for k in sd:
        assert sd[k].dtype == loaded[k].dtype and sd[k].shape == loaded[k].shape, k
        assert torch.equal(sd[k], loaded[k]), k
print('ok', pos == len(stream))
`;
    const r = spawnSync(python, ['-c', script, JSON.stringify(cases)], { input: framed, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'ok True');
  });
});
