/**
 * The engine's public API: pure TypeScript ports of what torch, numpy and scikit-learn draw for a seed,
 * laid out as the libraries lay out theirs. The HTTP layer (src/http) is one client of it; nothing here
 * does I/O.
 *
 * - torch: `torch.Generator` and its state, the tensor factories (`torch.rand` … `torch.bernoulli`),
 *   `torch.nn` modules and `torch.nn.init`, `torch.utils.data`, and scripts of these steps.
 * - numpy: `numpy.random` (the legacy `RandomState`, `default_rng`'s PCG64 `Generator`, `SeedSequence`)
 *   and the array helpers scikit-learn leans on (`argsort`, `unique`).
 * - sklearn: `sklearn.model_selection`'s splitters and `train_test_split`, `sklearn.utils`' random-state
 *   helpers.
 * @example
 * import { Generator, tensorOp } from './engine/index.js';
 * tensorOp(new Generator(0n), { op: 'rand', size: [2] }).data // [0.49625658988952637, 0.7682217955589294]
 */

// Errors: every library refusal is an EngineError (HTTP 422); a limit crossed is a LimitError (413).
export { EngineError, LimitError, TorchError } from './errors.js';
export { NumpyError } from './numpy/errors.js';
export { collectWarnings } from './warnings.js';

// torch: torch.Generator, torch.manual_seed, torch.get_rng_state / set_rng_state, the torch build
export { DEFAULT_RNG_SEED, Generator, type TorchEngineState } from './torch/generator/generator.js';
export { MAX_SEED, MIN_SEED, toUint64Seed } from './torch/generator/seed.js';
export { getRngState, getRngStateBase64, RNG_STATE_LEGACY_SIZE, RNG_STATE_SIZE, setRngState, setRngStateBase64 } from './torch/generator/state.js';
export { DEFAULT_TORCH_VERSION, PROFILES, profileFor, TORCH_BUILDS, TORCH_VERSIONS, type TorchProfile, type TorchVersion } from './torch/generator/profile.js';

// torch: tensors and their factories (torch.rand, randn, randint, randperm, normal, uniform_, bernoulli_, multinomial)
export { allocate, makeTensor, numel, toList, type CpuKernel, type DType, type FloatDType, type HalfDType, type Tensor, type TensorData } from './torch/tensor/tensor.js';
export { tensorOp, type TensorLimits, type TensorOpName, type TensorOpRequest } from './torch/tensor/factory.js';
export { uniformTensor } from './torch/tensor/uniform.js';
export { normal } from './torch/tensor/normal.js';
export { randintTensor } from './torch/tensor/randint.js';
export { randperm, randpermTensor } from './torch/tensor/randperm.js';
export { bernoulli } from './torch/tensor/bernoulli.js';
export { multinomial } from './torch/tensor/multinomial.js';

// torch.nn: modules built as torch.nn.<type>(**kwargs) builds them, their state_dict and its file format
export { buildModule, countParameters, MODULE_REGISTRY, moduleWork, STATELESS_MODULES } from './torch/nn/registry.js';
export type { ModuleSpec, StateDict } from './torch/nn/module.js';
export { encodeSafetensors, SAFETENSORS_MEDIA_TYPE } from './torch/nn/safetensors.js';

// torch.nn.init
export {
  calculateGain,
  constant_,
  dirac_,
  eye_,
  INIT_FUNCTIONS,
  initOp,
  kaimingNormal_,
  kaimingUniform_,
  normal_,
  ones_,
  orthogonal_,
  sparse_,
  truncNormal_,
  uniform_,
  xavierNormal_,
  xavierUniform_,
  zeros_,
  type InitContext,
  type InitFunctionName,
  type InitRequest,
} from './torch/nn/init.js';

// torch.utils.data: DataLoader, random_split, the samplers
export { DataLoader, dataLoaderEpochs, type Batch, type DataLoaderOptions, type Epoch, type EpochsOptions, type SamplerSpec } from './torch/data/dataloader.js';
export { randomSplit, type RandomSplitResult } from './torch/data/dataset.js';
export { randomSampler, sequentialSampler, subsetRandomSampler, weightedRandomSampler, type Sampler } from './torch/data/sampler.js';

// scripts: several of the steps above on one generator
export {
  epochsStep,
  initStep,
  loaderStep,
  manualSeedStep,
  moduleStep,
  newContext,
  randomSplitStep,
  runSteps,
  tensorStep,
  type ScriptContext,
  type Step,
  type StepResult,
} from './torch/script/run.js';

// numpy.random and the numpy helpers scikit-learn uses
export { RandomState, type LegacySeed } from './numpy/randomState.js';
export { defaultRng, NumpyGenerator, PCG64 } from './numpy/pcg64.js';
export { SeedSequence, type SeedEntropy } from './numpy/seedSequence.js';
export { numpyPermutation, type NumpyPermutationOptions, type PermutationGenerator } from './numpy/permutation.js';
export { numpyChoice, numpyIntegers, type ChoiceOptions, type IntegersOptions } from './numpy/draws.js';
export { argsort } from './numpy/argsort.js';
export { encodeLabels, type Encoded, type Labels } from './numpy/unique.js';

// sklearn.model_selection and sklearn.utils
export { cvSplit, SPLITTERS, type CvSplitOptions, type SplitterName } from './sklearn/cvSplit.js';
export { groupKFold, kFold, stratifiedKFold } from './sklearn/kFold.js';
export { stratifiedGroupKFold } from './sklearn/stratifiedGroupKFold.js';
export { repeatedKFold, repeatedStratifiedKFold } from './sklearn/repeated.js';
export { shuffleSplit, stratifiedShuffleSplit } from './sklearn/shuffleSplit.js';
export { groupShuffleSplit, leaveGroupsOut, leaveOneOut, leavePOut, predefinedSplit, timeSeriesSplit } from './sklearn/moreSplitters.js';
export { trainTestSplit, type TrainTestSplitOptions } from './sklearn/trainTestSplit.js';
export { validateShuffleSplit } from './sklearn/validateShuffleSplit.js';
export { resample, type ResampleOptions } from './sklearn/resample.js';
export { checkRandomState } from './sklearn/checkRandomState.js';
export { approximateMode } from './sklearn/approximateMode.js';
export { DEFAULT_LIMITS, IndexRange, indexArray, pyFloat, pyInt, type CvFold, type CvResult, type Fold, type Indices, type PyNumber, type SplitLimits } from './sklearn/types.js';
export { DEFAULT_SKLEARN_VERSION, SKLEARN_VERSIONS, sklearnProfile, type SklearnProfile, type SklearnVersion } from './sklearn/version.js';
