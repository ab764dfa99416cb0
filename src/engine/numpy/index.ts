export { argsort } from './argsort.js';
export { NumpyError } from './errors.js';
export { defaultRng, NumpyGenerator, PCG64 } from './pcg64.js';
export { numpyPermutation, type NumpyPermutationOptions, type PermutationGenerator } from './permutation.js';
export { RandomState, type LegacySeed } from './randomState.js';
export { SeedSequence, type SeedEntropy } from './seedSequence.js';
export { encodeLabels, type Encoded, type Labels } from './unique.js';
