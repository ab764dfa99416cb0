import { EngineError } from '../errors.js';

/**
 * A request numpy or scikit-learn refuses, with the library's own message.
 * An `EngineError`, so the HTTP layer maps it to 422 like every library refusal.
 * @example new NumpyError('Seed must be between 0 and 2**32 - 1', 'ValueError')
 */
export class NumpyError extends EngineError {
  constructor(message: string, pyType = 'ValueError', path?: string) {
    super(message, pyType, path);
    this.name = 'NumpyError';
  }
}
