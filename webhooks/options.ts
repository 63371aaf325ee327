// The verifier's options, resolved and checked once per call: an option that guards security
// (secrets, tolerance, clock, body cap) is valid or an invalid_option, never a NaN that turns a
// comparison off and quietly accepts a replay.
import type { KeyObject } from 'node:crypto';
import type { ProfileName, WireProfile } from '../generated/profiles.js';
import { WebhookVerificationError } from './errors.js';
import { resolveProfile } from './profile.js';
import { keyFor, keysFor } from './secret.js';

/** The default tolerance of profiles that sign a timestamp and do not set their own. */
export const WEBHOOK_TOLERANCE_IN_SECONDS = 5 * 60;

/** The most body a request helper reads before giving up (webhook bodies are small; this bounds memory). */
export const MAX_WEBHOOK_BODY_IN_BYTES = 1024 * 1024;

// A clock reading outside these bounds is in the wrong unit: 1e11 ms is 1973-03-03, while the same
// instant in seconds is 1.7e9; 1e14 ms is the year 5138, while microseconds since 1970 are 1.7e15.
const MIN_CLOCK_IN_MS = 1e11;
const MAX_CLOCK_IN_MS = 1e14;

/** What verify needs of its options, checked: the profile, the HMAC keys, the tolerance and the clock. */
export interface ResolvedVerifyOptions {
  readonly profile: WireProfile;
  /** At least one; the first is the only one unless `secrets` was given. */
  readonly keys: readonly KeyObject[];
  readonly toleranceInSeconds: number;
  readonly now: () => number;
  readonly validate: boolean;
}

/** The verify options as callers may pass them, before any check (they are JavaScript callers too). */
interface UncheckedVerifyOptions {
  readonly profile?: unknown;
  readonly secret?: unknown;
  readonly secrets?: unknown;
  readonly toleranceInSeconds?: unknown;
  readonly now?: unknown;
  readonly validate?: unknown;
}

/**
 * Checks the options object of `call` (e.g. `verify({ secret, headers, payload })`, shown in the
 * hint) and returns it; anything but a plain object is an invalid_option, never a TypeError.
 */
export function optionsObject<T>(options: T, call: string): NonNullable<T> {
  if (typeof options !== 'object' || options === null) {
    throw new WebhookVerificationError('invalid_option', {
      reason: `${call.slice(0, call.indexOf('('))} takes one options object, got ${describeValue(options)}`,
      hint: `call ${call}`,
    });
  }
  return options as NonNullable<T>;
}

/**
 * Resolves verify's options: the profile by name, the secrets to keys (all of them, so a bad one
 * fails now and not only when an earlier one mismatches), the tolerance and the clock.
 */
export function resolveVerifyOptions(options: UncheckedVerifyOptions, call: string): ResolvedVerifyOptions {
  optionsObject(options, call);
  // Only undefined means "the default": a null is a mistake like any other odd value.
  const profile = resolveProfile((options.profile === undefined ? 'standard' : options.profile) as ProfileName);
  // The secret first among the rest: a misconfigured receiver must not be reported as a bad delivery.
  const keys =
    options.secrets === undefined ? [keyFor(profile, options.secret as string)] : keysFor(profile, options.secret as string | undefined, options.secrets as readonly string[]);
  const toleranceInSeconds = resolveTolerance(options.toleranceInSeconds, profile);
  const now = resolveNow(options.now);
  const validate = options.validate === undefined ? false : options.validate;
  if (typeof validate !== 'boolean') throw invalidOption('validate', validate, 'pass true or false (default false)');
  return { profile, keys, toleranceInSeconds, now, validate };
}

function resolveTolerance(value: unknown, profile: WireProfile): number {
  if (value === undefined) return profile.timestamp.toleranceInSeconds ?? WEBHOOK_TOLERANCE_IN_SECONDS;
  // NaN or a string compares false with everything: the age check would never fire.
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalidOption(
      'toleranceInSeconds',
      value,
      `toleranceInSeconds must be a number of seconds ≥ 0, e.g. 300; omit it for the profile's default (${profile.timestamp.toleranceInSeconds ?? WEBHOOK_TOLERANCE_IN_SECONDS} s). Convert an environment value with Number() and check it`,
    );
  }
  return value;
}

function resolveNow(value: unknown): () => number {
  if (value === undefined) return Date.now;
  if (typeof value !== 'function') throw invalidOption('now', value, 'now must be a function returning milliseconds, e.g. now: () => Date.now()');
  return value as () => number;
}

/**
 * Reads the clock in whole seconds. Checked on every call (the clock is the caller's function):
 * a NaN or a reading in seconds would make every timestamp look fresh.
 */
export function clockInSeconds(now: () => number): number {
  const ms: unknown = now();
  if (typeof ms === 'number' && ms >= MIN_CLOCK_IN_MS && ms <= MAX_CLOCK_IN_MS) return Math.floor(ms / 1000);
  if (now === Date.now) {
    throw new WebhookVerificationError('invalid_option', {
      reason: `The system clock reads ${String(ms)} ms since 1970`,
      hint: "set the server's clock (NTP): timestamps cannot be checked against it",
    });
  }
  const unit = typeof ms === 'number' && ms > 0 && ms < MIN_CLOCK_IN_MS ? ', which looks like seconds' : typeof ms === 'number' && ms > MAX_CLOCK_IN_MS && ms < Infinity ? ', which looks like microseconds' : '';
  throw new WebhookVerificationError('invalid_option', {
    reason: `now must return milliseconds since 1970 (Date.now), got ${describeValue(ms)}${unit}`,
    hint: 'now must return milliseconds (Date.now), e.g. now: () => Date.now()',
  });
}

/** The body cap of the request helpers: a whole number of bytes, at least 1. */
export function resolveMaxBodyInBytes(value: unknown): number {
  if (value === undefined) return MAX_WEBHOOK_BODY_IN_BYTES;
  // NaN would make `size > max` always false: no cap at all.
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw invalidOption('maxBodyInBytes', value, `maxBodyInBytes must be a whole number of bytes ≥ 1; omit it for the default (${MAX_WEBHOOK_BODY_IN_BYTES})`);
  }
  return value;
}

function invalidOption(name: string, value: unknown, hint: string): WebhookVerificationError {
  return new WebhookVerificationError('invalid_option', { reason: `${name} is ${describeValue(value)}`, hint });
}

/**
 * A value for a message, without its content when that could be a secret: short strings only
 * (secrets are 16 characters or more). Never throws, whatever the value (symbols, odd objects).
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'string':
      return value.length <= 12 ? `the string ${JSON.stringify(value)}` : `a string of ${value.length} characters`;
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
    default:
      return Array.isArray(value) ? 'an array' : 'an object';
  }
}
