// Wire profiles as the signer and verifier see them: looked up by name, headers read generically.
import { profiles, type ProfileName, type WireProfile } from '../generated/profiles.js';
import { WebhookVerificationError } from './errors.js';

/** Request headers as integrators have them: a Fetch `Headers`, or a record (node's IncomingHttpHeaders, a plain object). */
export type HeadersLike = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * The profile of that name, or a WebhookVerificationError('invalid_option') naming the known ones.
 *
 * @example resolveProfile('stripe').headers.signature // 'Stripe-Signature'
 */
export function resolveProfile(name: ProfileName): WireProfile {
  // Checked before the lookup: hasOwn would call an object's toString, and String() throws on some.
  const profile = typeof name === 'string' && Object.hasOwn(profiles, name) ? profiles[name] : undefined;
  if (profile === undefined) {
    throw new WebhookVerificationError('invalid_option', {
      reason: typeof name === 'string' ? `Unknown wire profile "${name}"` : `The profile must be a name, got ${typeof name}`,
      hint: `use one of ${Object.keys(profiles).join(', ')}`,
    });
  }
  return profile;
}

/**
 * The names of the headers a delivery of this profile cannot be verified without, in the order the
 * verifier reads them. The conformance suite removes each in turn.
 *
 * @example requiredHeaders('standard') // ['webhook-id', 'webhook-timestamp', 'webhook-signature']
 */
export function requiredHeaders(profileName: ProfileName = 'standard'): string[] {
  const { headers } = resolveProfile(profileName);
  const names: string[] = [];
  if (headers.id !== null) names.push(headers.id);
  if (headers.timestamp !== null) names.push(headers.timestamp);
  names.push(headers.signature);
  return names;
}

function isFetchHeaders(headers: HeadersLike): headers is Headers {
  return typeof (headers as Headers).get === 'function';
}

/**
 * One header's value, looked up case-insensitively; undefined when absent. A header sent several
 * times comes back joined with `joiner` (node joins unknown duplicate headers with ", ", which
 * would corrupt a signature list), or is a malformed_header when `joiner` is null.
 */
export function readHeader(headers: HeadersLike, name: string, joiner: string | null = null): string | undefined {
  if (isFetchHeaders(headers)) return headers.get(name) ?? undefined;
  // Fast path: node lowercases header names, and profile names are often already lowercase.
  const lower = name.toLowerCase();
  let value = headers[lower] ?? headers[name];
  if (value === undefined) {
    for (const key in headers) {
      if (key.length === lower.length && key.toLowerCase() === lower) {
        value = headers[key];
        break;
      }
    }
  }
  if (value === undefined || typeof value === 'string') return value;
  if (!Array.isArray(value)) {
    throw new WebhookVerificationError('malformed_header', { reason: `Header ${name} is not a string`, header: name });
  }
  if (value.length === 1 && typeof value[0] === 'string') return value[0];
  if (joiner === null || value.some((v) => typeof v !== 'string')) {
    throw new WebhookVerificationError('malformed_header', { reason: `Header ${name} was sent more than once`, header: name });
  }
  return value.join(joiner);
}
