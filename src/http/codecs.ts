import { Generator } from '../engine/generator/generator.js';
import { getRngState, setRngState } from '../engine/generator/state.js';
import { setStateCodec } from './rngState.js';

/** Hooks the engine's torch state blob codec (get/set_rng_state) into the HTTP layer. */
export function installEngineCodecs(): void {
  setStateCodec({
    decode(bytes: Uint8Array): Generator {
      const g = new Generator(0n);
      setRngState(g, bytes);
      return g;
    },
    encode: (g: Generator) => getRngState(g),
  });
}
