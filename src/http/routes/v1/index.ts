import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { LimitError } from '../../../engine/errors.js';
import { DataLoaderRequest, DataLoaderResponse, RandomSplitRequest, RandomSplitResponse } from '../../../schemas/data.js';
import { ModulesRequest, ModulesResponse } from '../../../schemas/moduleRequest.js';
import { ScriptRequest, ScriptResponse } from '../../../schemas/scripts.js';
import { TensorsRequest, TensorsResponse } from '../../../schemas/tensors.js';
import { defineCompute, registerCompute } from '../../compute.js';
import { initCompute } from './init.js';
import { runScript, runStep, scriptCost, stepCost } from '../../../ops/steps.js';
import type { ScriptStepBody } from '../../../schemas/scripts.js';
import { dataLoaderNdjson } from '../../ndjson.js';
import { sklearnCompute } from './sklearn.js';
import { VersionsResponse, versionsAnswer } from '../../../schemas/versions.js';


// Each torch endpoint is its one-step script: the step its body names, whose work estimate and engine
// call are the entry of src/ops/steps.ts for the step's op.

/** The step of `/v1/modules`. */
function moduleStepOf(b: z.output<typeof ModulesRequest>): ScriptStepBody {
  return { op: 'module', module: b.module };
}

/** The step of `/v1/dataloader`: every DataLoader field, over `range(dataset_size)`. */
function loaderStepOf(b: z.output<typeof DataLoaderRequest>): ScriptStepBody {
  const { seed: _s, rng_state: _r, return_rng_state: _rr, cpu_kernel: _k, torch_version: _v, ...fields } = b;
  return { op: 'dataloader', ...fields, dataset: null, name: null };
}

/** The step of `/v1/random_split`. */
function randomSplitStepOf(b: z.output<typeof RandomSplitRequest>): ScriptStepBody {
  return { op: 'random_split', dataset_size: b.dataset_size, lengths: b.lengths, generator_seed: b.generator_seed };
}

/** The step of `/v1/tensors`: the op's own fields. */
function tensorStepOf(b: z.output<typeof TensorsRequest>): ScriptStepBody {
  const { seed: _s, rng_state: _r, return_rng_state: _rr, cpu_kernel: _k, torch_version: _v, ...op } = b;
  return op;
}

/**
 * The computing endpoints of contract v1. Each single torch endpoint is its one-step script; the
 * sklearn and numpy endpoints (./sklearn.ts) call their engine function on the body.
 * The list is also what the worker threads run (src/http/worker.ts finds a route's `run` by its url).
 */
export const v1Compute = [
  initCompute,
  defineCompute({
    url: '/v1/modules',
    formats: ['safetensors'],
    operationId: 'initModule',
    summary: 'Initial state_dict of a torch.nn module after torch.manual_seed(seed)',
    description:
      '`torch.manual_seed(seed); module = torch.nn.<type>(**kwargs); module.state_dict()` — keys, order, shapes and float32 values exactly as torch 1.13 on the CPU. With `Accept: application/vnd.safetensors` (or `?format=safetensors`) the answer is a safetensors file of the same tensors (`safetensors.torch.load` reads it), with its own ETag.',
    body: ModulesRequest,
    response: ModulesResponse,
    cost: (b) => stepCost(moduleStepOf(b)),
    run: (g, b) => runStep(g, moduleStepOf(b), b.cpu_kernel),
  }),
  defineCompute({
    url: '/v1/dataloader',
    formats: ['ndjson'],
    operationId: 'dataLoaderBatches',
    summary: 'Batch order of a DataLoader over range(dataset_size), epoch by epoch',
    description:
      'Epoch k is `[b.tolist() for b in loader]` on the k-th pass over one `DataLoader(range(dataset_size), ...)` after `torch.manual_seed(seed)`, with each iterator\'s `_base_seed` (and `worker_seeds` with `num_workers` > 0). Samplers: RandomSampler (`shuffle`, `replacement`, `num_samples`), or `sampler` = subset_random / weighted_random / random / sequential. `break_at` abandons an epoch as `if i == k: break` does; `forward_dropout` draws training-mode dropout in the loop body. With `Accept: application/x-ndjson` (or `?format=ndjson`) the batches stream one JSON object per line, in memory that does not grow with the dataset.',
    body: DataLoaderRequest,
    response: DataLoaderResponse,
    cost: (b) => stepCost(loaderStepOf(b)),
    run: (g, b) => runStep(g, loaderStepOf(b), b.cpu_kernel),
    alternate: (req, reply, b, key, deps) => dataLoaderNdjson(req, reply, b, key, deps),
  }),
  defineCompute({
    url: '/v1/random_split',
    operationId: 'randomSplit',
    summary: 'torch.utils.data.random_split(range(dataset_size), lengths)',
    description:
      'Integer lengths summing to dataset_size, or fractions summing to 1 (torch decides by `math.isclose(sum, 1) and sum <= 1`). Negative integer lengths, which torch silently accepts, are refused with 422.',
    body: RandomSplitRequest,
    response: RandomSplitResponse,
    cost: (b) => stepCost(randomSplitStepOf(b)),
    run: (g, b) => runStep(g, randomSplitStepOf(b), b.cpu_kernel),
  }),
  defineCompute({
    url: '/v1/tensors',
    formats: ['safetensors'],
    operationId: 'tensorFactory',
    summary: 'A random tensor factory: rand, randn, randint, randperm, normal, uniform, bernoulli',
    description:
      'The tensor torch returns for the op after `torch.manual_seed(seed)`. Float32 normals of 16 elements or more follow the AVX2 kernel unless `cpu_kernel` is `default`. `Accept: application/vnd.safetensors` (or `?format=safetensors`) answers a safetensors file holding it as `"tensor"`.',
    body: TensorsRequest,
    response: TensorsResponse,
    cost: (b) => stepCost(tensorStepOf(b)),
    run: (g, b) => runStep(g, tensorStepOf(b), b.cpu_kernel),
  }),
  defineCompute({
    url: '/v1/scripts',
    operationId: 'runScript',
    summary: 'Several steps on one generator, in order, as a Python script would run them',
    description:
      'Steps run in order on one generator: `module`, `init` (an nn.init function), `dataloader` (optionally `name`d, or over a part of an earlier `random_split` via `dataset`), `epochs` (more passes over a named loader), `random_split`, `manual_seed`, or a tensor op (optionally on its own `generator_seed`), each with the fields of its endpoint without `seed`. Results are the single endpoints\' responses without `seed`; a single endpoint equals its one-step script.',
    body: ScriptRequest,
    response: ScriptResponse,
    cost: (b, config) => {
      if (b.steps.length > config.MAX_SCRIPT_STEPS) throw new LimitError('MAX_SCRIPT_STEPS', config.MAX_SCRIPT_STEPS, b.steps.length);
      return scriptCost(b.steps);
    },
    run: (g, b) => ({ results: runScript(g, b.steps, b.cpu_kernel) }),
  }),
  ...sklearnCompute,
];

/** Registers the v1 computing routes; heavy requests may run on the worker pool. */
export async function v1Routes(app: FastifyInstance): Promise<void> {
  for (const route of v1Compute) registerCompute(app, route, { pooled: true });
  app.get('/v1/versions', { schema: { operationId: 'versions', summary: 'The torch and scikit-learn versions the service reproduces', tags: ['service'], response: { 200: VersionsResponse } } }, async () => versionsAnswer());
}
