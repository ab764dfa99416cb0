/** The WebAssembly global, typed here because the engine compiles without the DOM library. */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports?: object) => { exports: unknown };
}
/** The global itself (Node and browsers have it; the call below fails, and is caught, where one does not). */
declare const WebAssembly: WasmApi;

/**
 * Instantiates an embedded WebAssembly module (base64 bytes written by scripts/build-wasm.ts), or
 * returns null where WebAssembly is unavailable (callers then run their JavaScript twin).
 * @internal
 */
export function instantiateWasm<T>(base64: string): T | null {
  try {
    const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { abort() {} } });
    // The one assertion of the engine's WebAssembly boundary: exports arrive untyped; T is the interface the
    // embedded module (its .wat / AssemblyScript source) exports, and each caller's tests run every export.
    return exports as T;
  } catch {
    return null;
  }
}
