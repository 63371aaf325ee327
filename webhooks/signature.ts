// The signature itself, for every profile: what is signed, how it is encoded and how the header is laid out.
import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { ProfileName, WireProfile } from '../generated/profiles.js';
import { WebhookVerificationError } from './errors.js';
import { resolveProfile } from './profile.js';
import { keyFor } from './secret.js';

/**
 * What precedes the body in the signed content: `{id}.{timestamp}.`, `{timestamp}.` or nothing.
 * The body itself is fed to the HMAC separately, so a Buffer body is never copied into a string.
 */
export function signedContentPrefix(profile: WireProfile, id: string | undefined, timestamp: string | undefined): string {
  const content = profile.signature.signedContent;
  switch (content) {
    case '{id}.{timestamp}.{body}':
      return `${id}.${timestamp}.`;
    case '{timestamp}.{body}':
      return `${timestamp}.`;
    case '{body}':
      return '';
    default: {
      const never: never = content;
      throw new WebhookVerificationError('invalid_option', { reason: `Unsupported signed content ${String(never)}` });
    }
  }
}

/** The encoded HMAC of prefix + body under one key. */
export function hmac(profile: WireProfile, key: KeyObject, prefix: string, body: string | Uint8Array): string {
  const mac = createHmac('sha256', key);
  if (typeof body === 'string') {
    mac.update(prefix + body);
  } else {
    if (prefix !== '') mac.update(prefix);
    mac.update(body);
  }
  return mac.digest(profile.signature.encoding);
}

// Scratch buffers per signature length (44 for base64, 64 for hex): comparing writes both strings into
// them instead of allocating two Buffers per candidate. Safe because verification is synchronous.
const scratch = new Map<number, readonly [Buffer, Buffer]>();

/**
 * Constant-time equality of an expected signature (ASCII) and a received one; a length mismatch is
 * simply false (timingSafeEqual would throw on it).
 */
export function signaturesEqual(expected: string, received: string): boolean {
  const length = expected.length;
  if (received.length !== length) return false;
  let buffers = scratch.get(length);
  if (buffers === undefined) {
    buffers = [Buffer.alloc(length), Buffer.alloc(length)];
    if (scratch.size < 8) scratch.set(length, buffers);
  }
  const [a, b] = buffers;
  a.write(expected, 0, length, 'latin1');
  // A non-ASCII character either leaves fewer than `length` bytes written or puts a byte ≥ 0x80
  // where the expected signature has ASCII: never a false match.
  if (b.write(received, 0, length, 'utf8') !== length) return false;
  return timingSafeEqual(a, b);
}

/** Options of computeSignature. */
export interface ComputeSignatureOptions {
  readonly profile?: ProfileName;
  readonly secret: string;
  /** The message id; only signed by profiles whose signed content has `{id}`. */
  readonly id?: string;
  /** Unix seconds; only signed by profiles whose signed content has `{timestamp}`. */
  readonly timestamp?: number;
  /** The exact body bytes (a string is signed as UTF-8). */
  readonly payload: string | Uint8Array;
}

/**
 * One bare signature (no `v1,` or `t=` framing): what goes into the signature header for this secret.
 * The conformance suite uses it to build tampered and malformed headers from real signatures.
 *
 * @example computeSignature({ secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
 *   timestamp: 1614265330, payload: '{"test": 2432232314}' }) // 'g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='
 */
export function computeSignature({ profile: profileName = 'standard', secret, id, timestamp, payload }: ComputeSignatureOptions): string {
  const profile = resolveProfile(profileName);
  const prefix = signedContentPrefix(profile, id, timestamp === undefined ? undefined : String(timestamp));
  return hmac(profile, keyFor(profile, secret), prefix, payload);
}

/** Options of formatSignatureHeader. */
export interface FormatSignatureHeaderOptions {
  readonly profile?: ProfileName;
  /** Bare signatures, as computeSignature returns them (or deliberately broken ones). */
  readonly signatures: readonly string[];
  /** Unix seconds; required by profiles that carry the timestamp in the signature header (stripe). */
  readonly timestamp?: number;
  /** The version label; defaults to the profile's (`v1`). The conformance suite sends unknown versions. */
  readonly version?: string;
}

/**
 * The signature header value for some bare signatures: `v1,<a> v1,<b>` (standard), `t=<t>,v1=<a>,v1=<b>`
 * (stripe) or `<a>` (hex profiles, one signature only).
 *
 * @example formatSignatureHeader({ signatures: ['abc=', 'def='] }) // 'v1,abc= v1,def='
 */
export function formatSignatureHeader({ profile: profileName = 'standard', signatures, timestamp, version }: FormatSignatureHeaderOptions): string {
  const profile = resolveProfile(profileName);
  const label = version ?? profile.signature.version ?? '';
  const format = profile.signature.headerFormat;
  switch (format) {
    case 'versioned-list':
      return signatures.map((s) => `${label},${s}`).join(' ');
    case 'stripe':
      if (timestamp === undefined) {
        throw new WebhookVerificationError('invalid_option', { reason: `Profile ${profile.name} needs a timestamp`, hint: 'pass timestamp (unix seconds)' });
      }
      return [`t=${timestamp}`, ...signatures.map((s) => `${label}=${s}`)].join(',');
    case 'bare':
      if (signatures.length !== 1) {
        throw new WebhookVerificationError('invalid_option', {
          reason: `Profile ${profile.name} carries exactly one signature, got ${signatures.length}`,
          hint: 'sign with one secret for this profile',
        });
      }
      return signatures[0] as string;
    default: {
      const never: never = format;
      throw new WebhookVerificationError('invalid_option', { reason: `Unsupported header format ${String(never)}` });
    }
  }
}

/** A signature header taken apart: the candidate signatures of the profile's version, and the timestamp it carries (stripe). */
export interface ParsedSignatureHeader {
  readonly candidates: string[];
  /** The `t=` value of a stripe header; undefined for other formats. */
  readonly timestamp: string | undefined;
  /** Entries that could not be read at all (no separator, empty parts). */
  readonly unreadable: number;
  /** Well-formed entries of another version, skipped as the specs require. */
  readonly otherVersions: number;
}

/** Takes a signature header apart without throwing; the verifier decides what the result means. */
export function parseSignatureHeader(profile: WireProfile, value: string): ParsedSignatureHeader {
  const format = profile.signature.headerFormat;
  const version = profile.signature.version;
  const candidates: string[] = [];
  let unreadable = 0;
  let otherVersions = 0;
  switch (format) {
    case 'bare':
      if (value.length > 0) candidates.push(value);
      else unreadable++;
      return { candidates, timestamp: undefined, unreadable, otherVersions };
    case 'versioned-list': {
      // Scanned in place rather than split: this runs on every delivery.
      for (let start = 0; start < value.length; ) {
        let end = value.indexOf(' ', start);
        if (end === -1) end = value.length;
        if (end > start) {
          const comma = value.indexOf(',', start);
          if (comma === -1 || comma <= start || comma >= end - 1) unreadable++;
          else if (version !== null && comma - start === version.length && value.startsWith(version, start)) candidates.push(value.slice(comma + 1, end));
          else otherVersions++;
        }
        start = end + 1;
      }
      return { candidates, timestamp: undefined, unreadable, otherVersions };
    }
    case 'stripe': {
      let timestamp: string | undefined;
      for (const entry of value.split(',')) {
        const eq = entry.indexOf('=');
        if (eq <= 0 || eq === entry.length - 1) {
          unreadable++;
          continue;
        }
        const key = entry.slice(0, eq);
        const v = entry.slice(eq + 1);
        if (key === 't') {
          // Two timestamps: which one was signed is ambiguous, so neither is usable.
          timestamp = timestamp === undefined ? v : '';
        } else if (key === version) candidates.push(v);
        else otherVersions++;
      }
      return { candidates, timestamp, unreadable, otherVersions };
    }
    default: {
      const never: never = format;
      throw new WebhookVerificationError('invalid_option', { reason: `Unsupported header format ${String(never)}` });
    }
  }
}
