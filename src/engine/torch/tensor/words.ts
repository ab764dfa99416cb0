/** Words drawn per bulk call of the kernels that take their draws in runs (`Generator.fillInt32`). */
export const WORDS = 8192;

let buffer: Int32Array | null = null;
/** A reusable buffer of `WORDS` draws (the engine is synchronous, so one per thread suffices). */
export function wordBuffer(): Int32Array {
  buffer ??= new Int32Array(WORDS);
  return buffer;
}
