/**
 * Cooperative cancellation. Long engine loops call `checkpoint()` between chunks of work (a few
 * thousand elements, a batch, a split); outside `cancellable` it does nothing. The caller (the service's
 * worker thread) passes a check that throws when the computation is no longer wanted, so the loop stops
 * at its next chunk and the thread stays alive for the next task. The engine is synchronous, so one
 * check per call suffices, as for `collectWarnings`.
 */
let check: (() => void) | null = null;

/** Thrown by a cancellation check: the computation was abandoned (its client left or its deadline passed). */
export class CancelledComputation extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'CancelledComputation';
  }
}

/** Gives a cancellation check the chance to stop the computation here (throws CancelledComputation). */
export function checkpoint(): void {
  if (check !== null) check();
}

/** Runs `work` with `test` called at every checkpoint; `test` throws to cancel. */
export function cancellable<T>(test: () => void, work: () => T): T {
  const outer = check;
  check = test;
  try {
    return work();
  } finally {
    check = outer;
  }
}
