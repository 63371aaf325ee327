// Every valid signature the suite sends is made by credkit/webhooks, the same code path as the
// platform and the mock server. Checks that send malformed headers start from this output and
// break one thing in it.
import type { ProfileName, WireProfile } from '../generated/profiles.js';
import { sign } from '../webhooks/index.js';

/** A delivery ready to send: headers and the exact body that was signed. */
export interface SignedDelivery {
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** What one delivery's signature needs. `timestamp` is unix seconds. */
export interface SignDeliveryOptions {
  readonly profile: WireProfile;
  /** One secret, or several in header order (a rotation; profiles with `signature.multiple` only). */
  readonly secrets: readonly string[];
  readonly id: string;
  readonly timestamp: number;
  readonly payload: string;
  /** The native event type, for templated headers such as X-CertDirectory-Event. */
  readonly type: string;
}

/**
 * Signs one delivery through credkit/webhooks and adds the JSON content type.
 *
 * @example signDelivery({ profile: profiles.standard, secrets: [secret], id: 'evt_…', timestamp: 1767225600, payload, type: 'credential.issued' })
 */
export function signDelivery({ profile, secrets, id, timestamp, payload, type }: SignDeliveryOptions): SignedDelivery {
  const signed = sign({ profile: profile.name as ProfileName, secrets, id, timestamp, payload, type });
  return { headers: { 'content-type': 'application/json', ...signed.headers }, body: signed.body };
}

/** The value of a header in a plain record, looked up case-insensitively. */
export function findHeader(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === lower) return value;
  return undefined;
}

/** Sets a header in a plain record, replacing any spelling of the same name. */
export function setHeader(headers: Record<string, string>, name: string, value: string): void {
  deleteHeader(headers, name);
  headers[name] = value;
}

/** Removes every spelling of a header from a plain record. */
export function deleteHeader(headers: Record<string, string>, name: string): void {
  const lower = name.toLowerCase();
  for (const key of Object.keys(headers)) if (key.toLowerCase() === lower) delete headers[key];
}
