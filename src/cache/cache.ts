/** A store of serialised responses by request key. */
export interface ResponseCache {
  get(key: string): Promise<Buffer | undefined>;
  set(key: string, body: Buffer): Promise<void>;
  close?(): Promise<void>;
}
