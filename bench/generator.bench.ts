// Why bulk draws go through WebAssembly: pure-rand's mersenne word by word vs the same algorithm in
// internals/mt19937.wat (Generator.fillInt32), same stream checked, one run.
import { mersenne } from 'pure-rand/generator/mersenne';
import { Generator } from '../src/engine/torch/generator/generator.js';
import { timeJs } from './lib.js';

const N = 16_777_216;
const a = new Int32Array(N);
const b = new Int32Array(N);
const perWord = timeJs(() => {
  const r = mersenne(0);
  for (let i = 0; i < N; i++) a[i] = r.next();
}, 5);
const bulk = timeJs(() => new Generator(0n).fillInt32(b, N), 5);
for (let i = 0; i < N; i++) if (a[i] !== b[i]) throw new Error(`streams differ at word ${i}`);
console.log('\n## MT19937: 16.7M 32-bit words (same words on both sides)\n');
console.log('| engine | ms | speed |');
console.log('|---|---:|---:|');
console.log(`| pure-rand mersenne, next() per word | ${(perWord * 1e3).toFixed(1)} | 1.00x |`);
console.log(`| Generator.fillInt32 (pure-rand state, WebAssembly step) | ${(bulk * 1e3).toFixed(1)} | ${(perWord / bulk).toFixed(2)}x |`);
