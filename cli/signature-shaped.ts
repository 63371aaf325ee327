// A signature pasted where the secret goes: the header value sits next to the secret in a receiver's
// logs, and "too short" or "not base64" would send the user looking at the wrong problem.
import { UsageError } from './command.js';

/** The signature header shapes a secret never has, each with how to name it. */
const signatureShapes: readonly { readonly pattern: RegExp; readonly shown: string }[] = [
  { pattern: /^v\d+,\S/, shown: 'v1,…' }, // standard: webhook-signature
  { pattern: /^t=\d+,v\d+=/, shown: 't=…,v1=…' }, // stripe: Stripe-Signature
];

/**
 * Throws a UsageError when `secret` (the value of `--<flag>`) has the shape of a signature header.
 * @example rejectSignatureShaped('secret', 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=') // throws
 */
export function rejectSignatureShaped(flag: string, secret: string): void {
  const shape = signatureShapes.find((s) => s.pattern.test(secret.trim()));
  if (!shape) return;
  throw new UsageError(
    `--${flag} looks like a signature (${shape.shown}), not a secret`,
    "pass the endpoint's signing secret (whsec_… for the standard profile; `credkit secret` makes one), not a signature header's value",
  );
}
