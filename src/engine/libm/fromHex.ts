/**
 * Decodes IEEE-754 double bit patterns written as 16 hex digits (the tables of the glibc ports, copied
 * from libm.so.6 as bit patterns so no decimal conversion can change them).
 * @internal
 */
export function fromHex(words: readonly string[]): Float64Array {
  const out = new Float64Array(words.length);
  const u32 = new Uint32Array(out.buffer);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    u32[2 * i + 1] = parseInt(w.slice(0, 8), 16);
    u32[2 * i] = parseInt(w.slice(8), 16);
  }
  return out;
}
