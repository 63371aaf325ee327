// The verifier: one generic path over the profile data (headers, signed content, encoding, timestamp rules).
import type { ProfileName } from '../generated/profiles.js';
import { WebhookVerificationError } from './errors.js';
import { eventFromBody, type ProfileEvent } from './event.js';
import { clockInSeconds, describeValue, resolveVerifyOptions, type ResolvedVerifyOptions } from './options.js';
import { readHeader, type HeadersLike } from './profile.js';
import { rawBody, type RawBody } from './raw-body.js';
import { hmac, parseSignatureHeader, signaturesEqual, signedContentPrefix } from './signature.js';

/** Options of verifySignature. Give `secret`, or `secrets` during a rotation (any of them may match). */
export interface VerifySignatureOptions<P extends ProfileName = 'standard'> {
  readonly profile?: P;
  readonly secret?: string;
  /** Every secret valid right now, e.g. `[newSecret, oldSecret]` during a rotation. */
  readonly secrets?: readonly string[];
  /** The request headers: a Fetch `Headers`, node's `req.headers`, or a plain record (any case). */
  readonly headers: HeadersLike;
  /** The RAW request body, exactly as received. Never a parsed and re-serialized object. */
  readonly payload: RawBody;
  /** How far the signed timestamp may be from now: a number ≥ 0; defaults to the profile's (300 s). NaN or a string is an invalid_option. */
  readonly toleranceInSeconds?: number;
  /** The clock, in milliseconds like Date.now (injected in tests); a reading in seconds or NaN is an invalid_option. */
  readonly now?: () => number;
}

/** Options of verify: verifySignature's, plus how to parse. */
export interface VerifyOptions<P extends ProfileName = 'standard'> extends VerifySignatureOptions<P> {
  /**
   * Also validate a known event type against the full contract schema (default false). By default
   * verify checks what every receiver relies on (`id`, `data.object`, `data.id`, an integer
   * `data.revision`) and tolerates the rest: the signature already proves the sender, and a later
   * minor version of the contract may add enum values (a new status) that a strict receiver would
   * reject forever. Turn it on in tests, or use parseEvent, which validates by default.
   */
  readonly validate?: boolean;
}

/** What a valid signature vouches for. */
export interface VerifiedSignature {
  /** The message id header (profiles that send one), identical on every retry. */
  readonly id: string | undefined;
  /** The signed unix timestamp (profiles that sign one). */
  readonly timestamp: number | undefined;
}

/**
 * Verifies a delivery and returns its parsed, typed event: the contract's `WebhookEvent` union for
 * native profiles, `CertnEvent` for certn, an `UnknownEvent` for a type this version does not know.
 * Throws WebhookVerificationError (with `code`, `hint` and `docsUrl`) for anything else.
 *
 * @example
 * const event = verify({ secret: process.env.WEBHOOK_SECRET!, headers: req.headers, payload: rawBody });
 * if (event.type === 'credential.revoked') await revoke(event.data.id, event.data.revision);
 */
export function verify<P extends ProfileName = 'standard'>(options: VerifyOptions<P>): ProfileEvent<P> {
  const resolved = resolveVerifyOptions(options, 'verify({ secret, headers, payload })');
  return verifyResolved<P>(resolved, options.headers, options.payload);
}

/** verify with options already resolved: what the request helpers call once they have read the body. */
export function verifyResolved<P extends ProfileName>(options: ResolvedVerifyOptions, headers: HeadersLike, payload: RawBody): ProfileEvent<P> {
  const body = rawBody(payload);
  checkSignature(options, headers, body);
  return eventFromBody<P>(options.profile, body, options.validate);
}

/**
 * Verifies a delivery's signature (and timestamp) without parsing the body: for receivers that store
 * the raw body first and parse later.
 *
 * @example verifySignature({ profile: 'certn', secret, headers, payload }) // { id: undefined, timestamp: undefined }
 */
export function verifySignature<P extends ProfileName = 'standard'>(options: VerifySignatureOptions<P>): VerifiedSignature {
  const resolved = resolveVerifyOptions(options, 'verifySignature({ secret, headers, payload })');
  return checkSignature(resolved, options.headers, rawBody(options.payload));
}

function checkSignature({ profile, keys, toleranceInSeconds: tolerance, now }: ResolvedVerifyOptions, headers: HeadersLike, body: string | Uint8Array): VerifiedSignature {
  if (typeof headers !== 'object' || headers === null) {
    throw new WebhookVerificationError('invalid_option', { reason: `headers must be the request headers, got ${describeValue(headers)}`, hint: 'pass req.headers or request.headers' });
  }
  // Read even by profiles that sign no timestamp: a broken clock is the receiver's mistake whatever the profile.
  const nowInSeconds = clockInSeconds(now);
  const names = profile.headers;
  const format = profile.signature.headerFormat;

  let id: string | undefined;
  if (names.id !== null) id = required(headers, names.id, null);
  let timestampText: string | undefined;
  if (profile.timestamp.location === 'header' && names.timestamp !== null) timestampText = required(headers, names.timestamp, null);
  const signatureHeader = required(headers, names.signature, format === 'versioned-list' ? ' ' : format === 'stripe' ? ',' : null);
  const parsed = parseSignatureHeader(profile, signatureHeader);
  if (profile.timestamp.location === 'signature') {
    timestampText = parsed.timestamp;
    if (timestampText === undefined) {
      throw new WebhookVerificationError('malformed_header', { reason: `Header ${names.signature} has no t= timestamp`, header: names.signature });
    }
  }

  let timestamp: number | undefined;
  if (timestampText !== undefined) {
    const header = profile.timestamp.location === 'header' ? (names.timestamp as string) : names.signature;
    timestamp = parseUnixSeconds(timestampText, header);
    if (nowInSeconds - timestamp > tolerance) {
      throw new WebhookVerificationError('timestamp_too_old', { reason: `The webhook timestamp is ${nowInSeconds - timestamp} s old, more than the ${tolerance} s tolerated`, header });
    }
    if (profile.timestamp.rejectFuture && timestamp - nowInSeconds > tolerance) {
      throw new WebhookVerificationError('timestamp_too_new', { reason: `The webhook timestamp is ${timestamp - nowInSeconds} s in the future, more than the ${tolerance} s tolerated`, header });
    }
  }

  if (parsed.candidates.length === 0) {
    if (parsed.otherVersions > 0) {
      throw new WebhookVerificationError('no_matching_signature', {
        reason: `Header ${names.signature} has no ${profile.signature.version} signature (only other versions, which are skipped)`,
        header: names.signature,
      });
    }
    throw new WebhookVerificationError('malformed_header', { reason: `Header ${names.signature} holds no readable signature`, header: names.signature });
  }

  const prefix = signedContentPrefix(profile, id, timestampText);
  for (const k of keys) {
    const expected = hmac(profile, k, prefix, body);
    for (const candidate of parsed.candidates) {
      if (signaturesEqual(expected, candidate)) return { id, timestamp };
    }
  }
  // Only now, off the hot path: tell garbage apart from a plain mismatch.
  const alphabet = profile.signature.encoding === 'hex' ? HEX : BASE64;
  if (parsed.candidates.every((c) => !alphabet.test(c))) {
    throw new WebhookVerificationError('malformed_header', {
      reason: `Header ${names.signature} holds no ${profile.signature.encoding} signature`,
      header: names.signature,
    });
  }
  throw new WebhookVerificationError('no_matching_signature', {
    hint:
      'pass the raw request body exactly as received (not re-serialized JSON) and the signing secret of this endpoint' +
      (profile.signature.multiple ? '; during a rotation pass secrets: [newSecret, oldSecret]' : ''),
    header: names.signature,
  });
}

const HEX = /^[0-9a-fA-F]+$/;
// Classification only (a mismatch already happened): padding anywhere is a wrong length, not garbage.
const BASE64 = /^[A-Za-z0-9+/=]+$/;

function required(headers: HeadersLike, name: string, joiner: string | null): string {
  const value = readHeader(headers, name, joiner);
  if (value === undefined || value === '') {
    throw new WebhookVerificationError('missing_header', { reason: `Missing required header ${name}`, header: name });
  }
  return value;
}

/** Unix seconds from a header: digits only (no sign, fraction or exponent), at most 12 of them. */
function parseUnixSeconds(text: string, header: string): number {
  let seconds = 0;
  if (text.length === 0 || text.length > 12) throw malformedTimestamp(header);
  for (let i = 0; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) throw malformedTimestamp(header);
    seconds = seconds * 10 + digit;
  }
  return seconds;
}

function malformedTimestamp(header: string): WebhookVerificationError {
  return new WebhookVerificationError('malformed_header', {
    reason: `The timestamp in ${header} is not unix seconds`,
    hint: 'the timestamp must be whole seconds since 1970, e.g. 1614265330',
    header,
  });
}
