import type { Generator } from '../generator/generator.js';
import { TorchError } from '../../errors.js';
import { log } from '../../libm/log.js';
import { log1p } from '../../libm/log1p.js';

/** = 2^24: torch's FLOAT32_MAX_CONSECUTIVE_INT, the most categories multinomial accepts. */
const MAX_CATEGORIES = 16777216;

/**
 * `torch.multinomial(weights, numSamples, replacement, generator)` for a 1-D float64 `weights`
 * (what `WeightedRandomSampler` builds), torch 1.13 on the CPU, as a plain index list.
 *
 * aten/src/ATen/native/Distributions.cpp@v1.13.1 `multinomial_out`: checks, then without replacement
 * `q = empty_like(self).exponential_(1, gen); div_out(q, self, q)` and `argmax` (n = 1) or `topk(n)`;
 * with replacement (any n in 1.13) aten/src/ATen/native/cpu/MultinomialKernel.cpp@v1.13.1
 * `multinomial_with_replacement_apply`: cumulative sums in double, `cum[j] /= sum`, `cum[k-1] = 1`,
 * then per sample `uniform_real_distribution<double>(0, 1)` and a binary search for the first `cum >= u`.
 * Ties among equal keys without replacement (several zero weights) are broken by the lower index;
 * torch's partial sort leaves that order unspecified.
 * @example multinomial(new Generator(0n), [1, 2, 3, 4], 3, true) // [3, 3, 3]? see test/parity/fixtures/data.jsonl
 */
export function multinomial(g: Generator, weights: ArrayLike<number>, numSamples: number, replacement: boolean): number[] {
  const k = weights.length;
  // TORCH_CHECK(n_sample > 0, "cannot sample n_sample <= 0 samples");
  if (!(numSamples > 0)) throw new TorchError('cannot sample n_sample <= 0 samples');
  // TORCH_CHECK(with_replacement || (n_sample <= n_categories), ...)
  if (!replacement && numSamples > k) throw new TorchError('cannot sample n_sample > prob_dist.size(-1) samples without replacement');
  // TORCH_CHECK(n_categories <= FLOAT32_MAX_CONSECUTIVE_INT, "number of categories cannot exceed 2^24");
  if (k > MAX_CATEGORIES) throw new TorchError('number of categories cannot exceed 2^24');
  // 2.x: aten/src/ATen/native/Distributions.cpp@v2.13.0 multinomial: `if (!with_replacement || n_sample == 1)` takes the
  // exponential/argmax path (1.13: `if (!with_replacement)`)
  const race = !replacement || (numSamples === 1 && g.profile.multinomialN1ExpArgmax);
  return race ? withoutReplacement(g, weights, numSamples) : withReplacement(g, weights, numSamples);
}

/** The cumulative-distribution path (1.13: every `replacement=True` call). */
function withReplacement(g: Generator, w: ArrayLike<number>, n: number): number[] {
  const k = w.length;
  const cum = new Float64Array(k);
  let sum = 0;
  for (let j = 0; j < k; j++) {
    const val = w[j]!;
    // TORCH_CHECK(val >= 0, ...) comes first, so NaN reports "< 0"
    if (!(val >= 0)) throw new TorchError('invalid multinomial distribution (encountering probability entry < 0)');
    if (!Number.isFinite(val)) throw new TorchError('invalid multinomial distribution (encountering probability entry = infinity or NaN)');
    sum += val;
    cum[j] = sum;
  }
  if (!(sum > 0)) throw new TorchError('invalid multinomial distribution (sum of probabilities <= 0)');
  for (let j = 0; j < k; j++) cum[j] = cum[j]! / sum;
  // cum_dist_ptr[(n_categories - 1) * cum_dist_stride_0] = 1;
  cum[k - 1] = 1;
  const out = new Array<number>(n);
  for (let s = 0; s < n; s++) {
    const u = g.uniform53();
    let lo = 0;
    let hi = k;
    while (hi - lo > 0) {
      const mid = lo + ((hi - lo) >> 1);
      if (cum[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    out[s] = lo;
  }
  return out;
}

/** The exponential-race path: keys `w_i / Exp(1)_i`, then argmax or topk. */
function withoutReplacement(g: Generator, w: ArrayLike<number>, n: number): number[] {
  const k = w.length;
  // 2.x: Distributions.cpp@v2.13.0 `auto [min, max] = self.aminmax(); auto is_valid = ((max < INFINITY) & (min >= 0)).item();`
  if (k === 0 && g.profile.version !== '1.13') {
    throw new TorchError('aminmax(): cannot compute aminmax over an empty dimension as the operation has no identity.');
  }
  // auto is_valid = ((self.max() < INFINITY) & (self.min() >= 0)).item();
  let sum = 0;
  for (let j = 0; j < k; j++) {
    const val = w[j]!;
    if (!(val >= 0 && val < Infinity)) throw new TorchError('probability tensor contains either `inf`, `nan` or element < 0');
    sum += val;
  }
  if (sum === 0) throw new TorchError('invalid multinomial distribution (sum of probabilities <= 0)');
  // exponential_(1): transformation::exponential = -1/lambda * log(1 - u) with u = uniform53 (1 - u exact)
  // 2.x: TransformationHelper.h@v2.13.0 exponential: `static_cast<T>(-1.0) / lambda * at::log1p(-val)` (profile exponentialLog1p)
  const key = new Float64Array(k);
  const viaLog1p = g.profile.exponentialLog1p;
  for (let j = 0; j < k; j++) {
    const u = g.uniform53();
    const q = viaLog1p ? -1.0 * log1p(-u) : -log(1 - u);
    key[j] = w[j]! / q;
  }
  if (n === 1) {
    // argmax: first maximal index (NaN would win, but keys are never NaN here: q > 0 unless u = 0)
    let best = 0;
    for (let j = 1; j < k; j++) if (key[j]! > key[best]!) best = j;
    return [best];
  }
  const idx = Array.from({ length: k }, (_, j) => j);
  idx.sort((a, b) => key[b]! - key[a]! || a - b);
  return idx.slice(0, n);
}
