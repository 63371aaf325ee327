// The signer: the same code path for the mock's delivery engine, the conformance suite and tests.
import type { ProfileName, WireProfile } from '../generated/profiles.js';
import { WebhookVerificationError } from './errors.js';
import { resolveProfile } from './profile.js';
import { keysFor } from './secret.js';
import { formatSignatureHeader, hmac, signedContentPrefix } from './signature.js';
import { nativeEventType, toWireBody, wireEventName, type NativeEnvelope } from './wire-body.js';

/** A signed delivery: the headers to send and the exact body that was signed. */
export interface SignedDelivery {
  /** Header name (as the profile spells it) → value. No content-type: add `application/json` yourself. */
  readonly headers: Record<string, string>;
  /** The exact body that was signed: send these bytes unchanged. */
  readonly body: string;
}

/** Options of sign. Give `secret`, or `secrets` to sign with several at once (a rotation). */
export interface SignOptions {
  readonly profile?: ProfileName;
  readonly secret?: string;
  /** Every secret to sign with, all signatures in the one header (profiles with `signature.multiple`). */
  readonly secrets?: readonly string[];
  /** The message id: the event id, identical on every retry. Required by profiles that sign or send it. */
  readonly id?: string;
  /** Unix seconds; defaults to now. */
  readonly timestamp?: number;
  /** The body to sign, exactly as it will be sent. */
  readonly payload: string;
  /** The native event type, for profiles with extra headers such as `X-CertDirectory-Event`; read from the payload when omitted. */
  readonly type?: string;
  /** The clock, in milliseconds (injected in tests). */
  readonly now?: () => number;
}

/**
 * Signs a payload for a profile and returns the headers to send with it.
 *
 * @example
 * const { headers, body } = sign({ secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
 *   timestamp: 1614265330, payload: '{"test": 2432232314}' });
 * headers['webhook-signature'] // 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='
 */
export function sign({ profile: profileName = 'standard', secret, secrets, id, timestamp, payload, type, now = Date.now }: SignOptions): SignedDelivery {
  const profile = resolveProfile(profileName);
  if (typeof payload !== 'string') {
    throw new WebhookVerificationError('invalid_option', {
      reason: `payload must be the body text to send, got ${payload === null ? 'null' : typeof payload}`,
      hint: 'serialize the event first, e.g. toWireBody({ profile, event }), or use signEvent',
    });
  }
  const keys = keysFor(profile, secret, secrets);
  if (keys.length > 1 && !profile.signature.multiple) {
    throw new WebhookVerificationError('invalid_option', {
      reason: `Profile ${profile.name} carries one signature, got ${keys.length} secrets`,
      hint: 'sign with the current secret only',
    });
  }
  const seconds = timestamp ?? Math.floor(now() / 1000);
  if (!Number.isSafeInteger(seconds) || seconds < 0) {
    throw new WebhookVerificationError('invalid_option', { reason: 'timestamp must be a whole number of unix seconds', hint: 'e.g. Math.floor(Date.now() / 1000)' });
  }
  const needsId = profile.headers.id !== null || profile.signature.signedContent.includes('{id}');
  if (needsId && (typeof id !== 'string' || id === '')) {
    throw new WebhookVerificationError('invalid_option', { reason: `Profile ${profile.name} signs a message id`, hint: 'pass id: the event id' });
  }
  const ts = String(seconds);
  const prefix = signedContentPrefix(profile, id, ts);
  const signatures = keys.map((key) => hmac(profile, key, prefix, payload));

  const headers: Record<string, string> = {};
  if (profile.headers.id !== null) headers[profile.headers.id] = id as string;
  if (profile.headers.timestamp !== null && profile.timestamp.location === 'header') headers[profile.headers.timestamp] = ts;
  headers[profile.headers.signature] = formatSignatureHeader({ profile: profileName, signatures, timestamp: seconds });
  for (const [name, template] of Object.entries(profile.headers.extra)) {
    headers[name] = expandTemplate(profile, template, { id, type, payload });
  }
  return { headers, body: payload };
}

/** Options of signEvent: sign's, with a native event in place of payload, id and type. */
export interface SignEventOptions extends Omit<SignOptions, 'payload' | 'id' | 'type'> {
  readonly event: NativeEnvelope;
}

/**
 * Puts a native event on the wire for a profile (toWireBody) and signs it, with the event id as the
 * message id. What the delivery engine sends.
 *
 * @example
 * const { headers, body } = signEvent({ profile: 'certn', secret, event });
 * await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
 */
export function signEvent({ event, ...options }: SignEventOptions): SignedDelivery {
  const payload = toWireBody({ profile: options.profile ?? 'standard', event });
  return sign({ ...options, payload, id: event.id, type: event.type });
}

/** Fills `{eventName}`, `{type}` and `{id}` in an extra-header template. */
function expandTemplate(profile: WireProfile, template: string, values: { id: string | undefined; type: string | undefined; payload: string }): string {
  let type = values.type;
  let id = values.id;
  if ((type === undefined && (template.includes('{type}') || template.includes('{eventName}'))) || (id === undefined && template.includes('{id}'))) {
    const read = readEnvelope(values.payload);
    type ??= read.type === undefined ? undefined : nativeEventType(profile, read.type);
    id ??= read.id;
  }
  return template.replace(/\{(eventName|type|id)\}/g, (_, field: string) => {
    const value = field === 'eventName' ? (type === undefined ? undefined : wireEventName(profile, type)) : field === 'type' ? type : id;
    if (value === undefined) {
      throw new WebhookVerificationError('invalid_option', {
        reason: `Profile ${profile.name} sends {${field}} in a header and the payload has none`,
        hint: 'pass type and id, or use signEvent',
      });
    }
    return value;
  });
}

function readEnvelope(payload: string): { type: string | undefined; id: string | undefined } {
  try {
    const value = JSON.parse(payload) as Record<string, unknown>;
    const type = typeof value.type === 'string' ? value.type : typeof value.event_type === 'string' ? value.event_type : undefined;
    return { type, id: typeof value.id === 'string' ? value.id : undefined };
  } catch {
    return { type: undefined, id: undefined };
  }
}
