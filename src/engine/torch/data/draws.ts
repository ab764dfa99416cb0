import type { Generator } from '../generator/generator.js';

/** `randint(high, (k,))` draws as a plain list, for RandomSampler with replacement (high < 2^32). */
export function randintList(g: Generator, high: number, k: number): number[] {
  const out = new Array<number>(k);
  for (let i = 0; i < k; i++) out[i] = g.random() % high;
  return out;
}
