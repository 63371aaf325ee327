// Signing secrets: generating them, and turning them into HMAC keys once (cached), with misuse caught early.
import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import type { ProfileName, WireProfile } from '../generated/profiles.js';
import { WebhookVerificationError } from './errors.js';
import { resolveProfile } from './profile.js';

/** Options of generateSecret. */
export interface GenerateSecretOptions {
  /** The profile whose secret format to use. */
  readonly profile?: ProfileName;
  /** Where the random bytes come from (injected in tests). */
  readonly random?: (bytes: number) => Uint8Array;
}

/**
 * A new signing secret in the profile's format: `whsec_` + base64 of 24 random bytes for the standard
 * profile, `whsec_` + hex for stripe, hex for the hex profiles.
 *
 * @example generateSecret() // 'whsec_8Bq1p0o3…'
 * @example generateSecret({ profile: 'certn' }) // '4f1c…' (64 hex characters)
 */
export function generateSecret({ profile = 'standard', random = randomBytes }: GenerateSecretOptions = {}): string {
  const { secret } = resolveProfile(profile);
  const bytes = Buffer.from(random(secret.bytes));
  // A base64 key is decoded by the verifier; a utf8 key is used as text, where hex keeps it printable.
  return secret.prefix + bytes.toString(secret.keyEncoding === 'base64' ? 'base64' : 'hex');
}

// Keys are derived once per secret: decoding and checking a secret on every delivery is measurable.
// One map per key encoding (the same text is a different key under each), bounded, plus the last hit.
const MAX_CACHED_KEYS = 256;
const keyCaches: Record<WireProfile['secret']['keyEncoding'], Map<string, KeyObject>> = { base64: new Map(), utf8: new Map() };
let lastProfile: WireProfile | undefined;
let lastSecret: string | undefined;
let lastKey: KeyObject | undefined;

/**
 * The HMAC key of a secret under a profile's rules. A standard secret may omit its `whsec_` prefix
 * (as the Standard Webhooks libraries allow); a utf8 secret is used whole, prefix included (as Stripe does).
 */
export function keyFor(profile: WireProfile, secret: string): KeyObject {
  if (secret === lastSecret && profile === lastProfile) return lastKey as KeyObject;
  const cache = keyCaches[profile.secret.keyEncoding];
  let key = cache.get(secret);
  if (key === undefined) {
    // A KeyObject spares createHmac re-importing the key bytes on every delivery.
    key = createSecretKey(deriveKey(profile, secret));
    if (cache.size >= MAX_CACHED_KEYS) cache.clear();
    cache.set(secret, key);
  }
  lastProfile = profile;
  lastSecret = secret;
  lastKey = key;
  return key;
}

/** The keys of `secret` and/or `secrets`, in order; at least one. */
export function keysFor(profile: WireProfile, secret: string | undefined, secrets: readonly string[] | undefined): KeyObject[] {
  if (secrets === undefined) return [keyFor(profile, secret as string)];
  if (!Array.isArray(secrets) || (secrets.length === 0 && secret === undefined)) {
    throw new WebhookVerificationError('invalid_secret', {
      reason: 'secrets must be a non-empty array of strings',
      hint: 'pass every secret that is valid during a rotation, e.g. secrets: [newSecret, oldSecret]',
    });
  }
  const keys: KeyObject[] = [];
  if (secret !== undefined) keys.push(keyFor(profile, secret));
  // An index loop, not map: a hole in a sparse array must reach keyFor (an invalid_secret), not be skipped.
  for (let i = 0; i < secrets.length; i++) keys.push(keyFor(profile, secrets[i] as string));
  return keys;
}

const BASE64_CHARS = /^[A-Za-z0-9+/]+={0,2}$/;

function invalid(reason: string, hint: string): WebhookVerificationError {
  return new WebhookVerificationError('invalid_secret', { reason, hint });
}

function deriveKey(profile: WireProfile, secret: string): Buffer {
  if (typeof secret !== 'string') {
    throw invalid(
      `The signing secret must be a string, got ${secret === null ? 'null' : typeof secret}`,
      'pass the secret text, e.g. secret: process.env.WEBHOOK_SECRET',
    );
  }
  const { prefix, keyEncoding } = profile.secret;
  if (secret.length === 0 || secret === prefix) {
    throw invalid('The signing secret is empty', 'is the environment variable holding it set? Pass the endpoint\'s signing secret');
  }
  if (secret.trim() !== secret || secret.includes('\n') || secret.includes('\r')) {
    throw invalid(
      'The signing secret has leading or trailing whitespace or a line break',
      'trim it: a trailing newline often comes from a secrets file or a .env value',
    );
  }
  if (secret.startsWith('v1,') || secret.startsWith('v1=') || secret.startsWith('t=')) {
    throw invalid(
      'The signing secret looks like a signature',
      'pass the signature header in `headers` and the endpoint\'s signing secret in `secret`',
    );
  }
  switch (keyEncoding) {
    case 'utf8':
      return Buffer.from(secret, 'utf8');
    case 'base64': {
      const encoded = prefix !== '' && secret.startsWith(prefix) ? secret.slice(prefix.length) : secret;
      if (!BASE64_CHARS.test(encoded)) {
        throw invalid(
          `The signing secret is not ${prefix === '' ? '' : `${prefix} + `}base64`,
          `profile ${profile.name} secrets look like ${prefix}<base64>; copy the secret exactly as shown`,
        );
      }
      const key = Buffer.from(encoded, 'base64');
      if (key.length === 0) throw invalid('The signing secret decodes to no bytes', `copy the whole secret, ${prefix}<base64>`);
      return key;
    }
    default: {
      const never: never = keyEncoding;
      throw invalid(`Unsupported key encoding ${String(never)}`, 'regenerate the profiles');
    }
  }
}
