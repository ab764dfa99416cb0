export { approximateMode } from './approximateMode.js';
export { checkRandomState } from './checkRandomState.js';
export { cvSplit, SPLITTERS, type CvSplitOptions, type SplitterName } from './cvSplit.js';
export { groupKFold, kFold, stratifiedKFold } from './kFold.js';
export { repeatedKFold, repeatedStratifiedKFold } from './repeated.js';
export { shuffleSplit, stratifiedShuffleSplit } from './shuffleSplit.js';
export { trainTestSplit, type TrainTestSplitOptions } from './trainTestSplit.js';
export { DEFAULT_LIMITS, pyFloat, pyInt, type CvResult, type Fold, type Labels, type PyNumber, type SplitLimits } from './types.js';
export { validateShuffleSplit } from './validateShuffleSplit.js';
