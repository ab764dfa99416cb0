import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sleefLogf } from '../../../src/engine/libm/sleefLogf.js';

// [k, bits of Sleef_logf8_u10avx2(k / 2^24) from libtorch_cpu.so 2.13 (sleef_logf_golden.c), bits of torch.log (2.13 wheel)]
const GOLDEN: Array<[number, number, number]> = [
  [1, 0xc1851592, 0xc1851592],
  [18, 0xc15bec2d, 0xc15bec2e],
  [40, 0xc14f257d, 0xc14f257e],
  [230, 0xc13328c5, 0xc13328c4],
  [425, 0xc12955c9, 0xc12955c8],
  [640, 0xc122c8f7, 0xc122c8f8],
  [835, 0xc11e8795, 0xc11e8794],
  [1145, 0xc1197a5b, 0xc1197a5c],
  [8388608, 0xbf317218, 0xbf317218],
  [12582912, 0xbe934b11, 0xbe934b10],
  [16777215, 0xb3800000, 0xb3800000],
];

const bits = (x: number): number => new Uint32Array(new Float32Array([x]).buffer)[0]!;

test('sleefLogf equals the wheel\'s own SLEEF Sleef_logf8_u10 bit for bit', () => {
  for (const [k, sleef] of GOLDEN) assert.equal(bits(sleefLogf(k * 2 ** -24)).toString(16), sleef.toString(16), `k=${k}`);
});

test('sleefLogf special values', () => {
  assert.equal(sleefLogf(0), -Infinity);
  assert.equal(sleefLogf(Infinity), Infinity);
  assert.ok(Number.isNaN(sleefLogf(-1)));
  assert.equal(sleefLogf(1), 0);
});

test('torch 2.13 float32 log_ is not SLEEF on some inputs (MKL vmsLn), recorded so nobody switches trunc_normal_ to it', () => {
  assert.ok(GOLDEN.some(([, s, t]) => s !== t));
});
