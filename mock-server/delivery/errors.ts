// Misconfiguration of the delivery engine (bad flags, a bad --secret): one class, a stable code and
// a hint, so the CLI prints one line plus `hint:`. Expected delivery failures are never errors:
// they are attempts recorded with their reason.

/** Stable codes of {@link DeliveryConfigError}. */
export type DeliveryConfigErrorCode = 'invalid_option' | 'invalid_secret';

/**
 * A delivery option the engine cannot work with. Never carries a secret's value.
 * @example throw new DeliveryConfigError('invalid_option', '--chaos must be on or off; got "maybe"', 'e.g. --chaos off');
 */
export class DeliveryConfigError extends Error {
  override readonly name = 'DeliveryConfigError';
  constructor(
    readonly code: DeliveryConfigErrorCode,
    message: string,
    readonly hint: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
