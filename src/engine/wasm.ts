/** The WebAssembly global, typed here because the engine compiles without the DOM library. */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports?: object) => { exports: unknown };
}

/**
 * Instantiates an embedded WebAssembly module (base64 bytes written by scripts/build-wasm.ts), or
 * returns null where WebAssembly is unavailable (callers then run their JavaScript twin).
 * @internal
 */
export function instantiateWasm<T>(base64: string): T | null {
  try {
    const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
    const wa = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    return new wa.Instance(new wa.Module(bytes), { env: { abort() {} } }).exports as T;
  } catch {
    return null;
  }
}
