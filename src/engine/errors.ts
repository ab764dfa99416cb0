/**
 * A request one of the ported libraries refuses, with the library's own message: the common base of
 * `TorchError` and `NumpyError` (numpy and scikit-learn). The HTTP layer answers 422 with `message` as
 * the problem detail.
 */
export class EngineError extends Error {
  /** Python exception class the library raises (ValueError, RuntimeError, AssertionError, TypeError). */
  readonly pyType: string;
  /** Dotted path of the field the refusal concerns, when one field is to blame. */
  readonly path: string | undefined;
  constructor(message: string, pyType: string, path?: string) {
    super(message);
    this.name = 'EngineError';
    this.pyType = pyType;
    this.path = path;
  }
}

/** A combination of arguments that torch refuses, with torch's own message. */
export class TorchError extends EngineError {
  constructor(message: string, pyType = 'RuntimeError', path?: string) {
    super(message, pyType, path);
    this.name = 'TorchError';
  }
}

/**
 * The work asked for is over a configured limit (413).
 * `limit` names the setting, `value` its configured value, `requested` what was asked.
 */
export class LimitError extends Error {
  readonly limit: string;
  readonly value: number;
  readonly requested: number;
  constructor(limit: string, value: number, requested: number) {
    super(`${limit} is ${value}; this request needs ${requested}`);
    this.name = 'LimitError';
    this.limit = limit;
    this.value = value;
    this.requested = requested;
  }
}
