import { Generator } from '../engine/torch/generator/generator.js';
import { getRngStateBase64, setRngStateBase64 } from '../engine/torch/generator/state.js';
import { profileFor, type TorchVersion } from '../engine/torch/generator/profile.js';

/**
 * Creates the request's global generator: `torch.manual_seed(seed)`, or `torch.set_rng_state` of a blob,
 * running the request's torch build (`torch_version`, default 2.14).
 */
export function generatorFor(body: { seed?: bigint | undefined; rng_state?: string | undefined; torch_version?: TorchVersion | undefined }): Generator {
  const profile = profileFor(body.torch_version);
  if (body.rng_state === undefined) return new Generator(body.seed!, profile);
  const g = new Generator(0n, profile);
  setRngStateBase64(g, body.rng_state);
  return g;
}

/** base64 of torch.get_rng_state() bytes for the generator's current state. */
export function stateOf(g: Generator): string {
  return getRngStateBase64(g);
}
