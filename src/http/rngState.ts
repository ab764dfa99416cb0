import { Generator } from '../engine/generator/generator.js';
import { getRngStateBase64, setRngStateBase64 } from '../engine/generator/state.js';

/** Creates the request's global generator: `torch.manual_seed(seed)`, or `torch.set_rng_state` of a blob. */
export function generatorFor(body: { seed?: string | undefined; rng_state?: string | undefined }): Generator {
  if (body.rng_state === undefined) return new Generator(BigInt(body.seed!));
  const g = new Generator(0n);
  setRngStateBase64(g, body.rng_state);
  return g;
}

/** base64 of torch.get_rng_state() bytes for the generator's current state. */
export function stateOf(g: Generator): string {
  return getRngStateBase64(g);
}
