import { setStateCodec } from './rngState.js';

/** Hooks engine codecs (torch state blob) into the HTTP layer once they exist in the engine. */
export function installEngineCodecs(): void {
  setStateCodec(null);
}
