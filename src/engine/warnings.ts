/**
 * torch's `UserWarning`s raised while the engine computes one answer. The engine is synchronous, so one
 * collector per call suffices: `collectWarnings` runs the work and returns the distinct texts in the order
 * first raised (what `warnings.catch_warnings(record=True)` shows, without the C++
 * `(Triggered internally at <file>:<line>.)` suffix that names the build).
 */
let sink: string[] | null = null;

/** Records one warning text (kept once) for the answer being computed; a no-op outside `collectWarnings`. */
export function warn(text: string): void {
  if (sink !== null && !sink.includes(text)) sink.push(text);
}

/** Runs `work` and returns its result with the warnings it raised. */
export function collectWarnings<T>(work: () => T): { result: T; warnings: string[] } {
  const outer = sink;
  const mine: string[] = [];
  sink = mine;
  try {
    const result = work();
    return { result, warnings: mine };
  } finally {
    sink = outer;
    if (outer !== null) for (const w of mine) if (!outer.includes(w)) outer.push(w);
  }
}
