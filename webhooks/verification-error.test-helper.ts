// For the tests of credkit/webhooks: the WebhookVerificationError a call throws. Any other error is
// rethrown (a bare TypeError is a bug the tests must see), and no error at all fails the test.
// Named *.test-helper.ts so the build leaves it out, like the tests themselves.
import { WebhookVerificationError, type WebhookVerificationErrorCode } from './errors.js';

/** The WebhookVerificationError `fn` throws. */
export function errorOf(fn: () => unknown): WebhookVerificationError {
  try {
    fn();
  } catch (err) {
    if (err instanceof WebhookVerificationError) return err;
    throw err;
  }
  throw new Error('expected a WebhookVerificationError, the delivery was accepted');
}

/** Its code. */
export const codeOf = (fn: () => unknown): WebhookVerificationErrorCode => errorOf(fn).code;

/** The WebhookVerificationError an async `work` rejects with. */
export async function rejectionOf(work: () => Promise<unknown>): Promise<WebhookVerificationError> {
  try {
    await work();
  } catch (err) {
    if (err instanceof WebhookVerificationError) return err;
    throw err;
  }
  throw new Error('expected a WebhookVerificationError, the delivery was accepted');
}
