import { initOp } from '../../../engine/torch/nn/init.js';
import { InitRequest, InitResponse } from '../../../schemas/init.js';
import { defineCompute } from '../../compute.js';
import { initCost } from '../../work.js';

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
  cost: (b) => initCost(b),
  run: (g, b) => {
    const { seed: _s, rng_state: _r, return_rng_state: _rr, cpu_kernel, torch_version: _v, ...req } = b;
    return { tensor: initOp(g, req, cpu_kernel) };
  },
});
