// One error class for the conformance domain: thrown only when a run cannot start (bad options,
// nothing listening). Everything the receiver does wrong is a check result, never an exception.

/** Why a run could not start. */
export type ConformanceErrorCode = 'invalid_option' | 'receiver_unreachable' | 'probe_unreachable';

/**
 * A run that could not start, with a stable code and a hint. Never contains the secret.
 *
 * @example
 * try { await runConformance({ url, secret }) }
 * catch (err) { if (err instanceof ConformanceError && err.code === 'receiver_unreachable') console.error(err.hint) }
 */
export class ConformanceError extends Error {
  override readonly name = 'ConformanceError';
  constructor(
    readonly code: ConformanceErrorCode,
    message: string,
    readonly hint: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
