import type { z } from 'zod';
import { runStep, stepCost } from '../../../ops/steps.js';
import { InitRequest, InitResponse } from '../../../schemas/init.js';
import type { ScriptStepBody } from '../../../schemas/scripts.js';
import { defineCompute } from '../../compute.js';

/** The step of `/v1/init`: the init function's fields (its one-step script). */
function initStepOf(b: z.output<typeof InitRequest>): ScriptStepBody {
  const { seed: _s, rng_state: _r, return_rng_state: _rr, cpu_kernel: _k, torch_version: _v, ...req } = b;
  return { op: 'init', ...req };
}

/** `POST /v1/init`: one `torch.nn.init` function on a fresh float32 tensor. */
export const initCompute = defineCompute({
  url: '/v1/init',
  formats: ['safetensors'],
  operationId: 'initTensor',
  summary: 'torch.nn.init.<fn>(torch.empty(size), **kwargs) after torch.manual_seed(seed)',
  description:
    'Every nn.init function of torch 1.13 with its keyword arguments. All are bit-exact except `orthogonal_`, whose QR step depends on the LAPACK build: its draws are exact, its values are within a few float32 ulps (see the README).',
  body: InitRequest,
  response: InitResponse,
  cost: (b) => stepCost(initStepOf(b)),
  run: (g, b) => runStep(g, initStepOf(b), b.cpu_kernel),
});
