import { Generator } from '../engine/generator/generator.js';
import { TorchError } from '../engine/errors.js';

/** The request's global generator and the seed it echoes (initial_seed at the start of the request). */
export interface RequestGenerator {
  generator: Generator;
  initialSeedAtStart: bigint;
}

/** Creates the request's generator from `seed` (manual_seed) or from an `rng_state` blob. */
export function generatorFor(body: { seed?: string | undefined; rng_state?: string | undefined }): Generator & { initialSeedAtStart: bigint; generator: Generator } {
  let g: Generator;
  if (body.rng_state !== undefined) {
    g = decodeState(body.rng_state);
  } else {
    g = new Generator(BigInt(body.seed!));
  }
  return Object.assign(g, { initialSeedAtStart: g.initialSeed(), generator: g });
}

let stateCodec: { decode(bytes: Uint8Array): Generator; encode(g: Generator): Uint8Array } | null = null;

/** Installs the torch state blob codec (from the engine's generator/state module). */
export function setStateCodec(codec: typeof stateCodec): void {
  stateCodec = codec;
}

function decodeState(b64: string): Generator {
  if (!stateCodec) throw new TorchError('rng_state is not supported by this build', 'RuntimeError', 'rng_state');
  return stateCodec.decode(new Uint8Array(Buffer.from(b64, 'base64')));
}

/** base64 of torch.get_rng_state() bytes for the generator's current state. */
export function stateOf(g: Generator): string {
  if (!stateCodec) throw new TorchError('return_rng_state is not supported by this build', 'RuntimeError', 'return_rng_state');
  return Buffer.from(stateCodec.encode(g)).toString('base64');
}
