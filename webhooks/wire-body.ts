// A native event as a profile puts it on the wire: the native envelope, or certn's compact one.
import type { ProfileName, WireProfile } from '../generated/profiles.js';
import { WebhookVerificationError } from './errors.js';
import { resolveProfile } from './profile.js';

/**
 * The least a native envelope has. Looser than the contract's `WebhookEvent` on purpose: the mock and
 * the conformance suite also send event types and fields this version does not know.
 */
export interface NativeEnvelope {
  readonly id: string;
  readonly type: string;
  readonly data: { readonly object: string; readonly id: string; readonly [field: string]: unknown };
  readonly [field: string]: unknown;
}

/**
 * The profile's name for a native event type (a type the profile does not rename keeps its name).
 *
 * @example wireEventName('certn', 'case.status_changed') // 'CASE_STATUS_CHANGED'
 */
export function wireEventName(profile: ProfileName | WireProfile, nativeType: string): string {
  const { eventNames } = (typeof profile === "string" ? resolveProfile(profile) : profile).envelope;
  return Object.hasOwn(eventNames, nativeType) ? (eventNames[nativeType] as string) : nativeType;
}

const reverseNames = new Map<string, ReadonlyMap<string, string>>();

/**
 * The native type of a profile's event name: the inverse of wireEventName.
 *
 * @example nativeEventType('certn', 'CASE_STATUS_CHANGED') // 'case.status_changed'
 */
export function nativeEventType(profile: ProfileName | WireProfile, wireName: string): string {
  return nativeNames(typeof profile === 'string' ? resolveProfile(profile) : profile).get(wireName) ?? wireName;
}

/** True when the profile renames some native type to this wire name (certn: its catalog of codes). */
export function isRenamedWireEventName(profile: WireProfile, wireName: string): boolean {
  return nativeNames(profile).has(wireName);
}

function nativeNames(profile: WireProfile): ReadonlyMap<string, string> {
  let names = reverseNames.get(profile.name);
  if (names === undefined) {
    names = new Map(Object.entries(profile.envelope.eventNames).map(([native, wire]) => [wire, native]));
    reverseNames.set(profile.name, names);
  }
  return names;
}

/** Options of toWireBody. */
export interface ToWireBodyOptions {
  readonly profile?: ProfileName;
  readonly event: NativeEnvelope;
}

/**
 * The JSON body a profile delivers for a native event: the envelope itself (its type renamed if the
 * profile renames it), or certn's `{id, event_type, object_id, object_type}`.
 *
 * @example
 * toWireBody({ profile: 'certn', event }) // '{"id":"evt_…","event_type":"CASE_STATUS_CHANGED","object_id":"cas_…","object_type":"CASE"}'
 */
export function toWireBody({ profile: profileName = 'standard', event }: ToWireBodyOptions): string {
  const profile = resolveProfile(profileName);
  if (typeof event !== 'object' || event === null || typeof event.type !== 'string' || typeof event.id !== 'string') {
    throw new WebhookVerificationError('invalid_option', { reason: 'event must be a native envelope with a string id and type', hint: 'pass { id, type, createdAt, apiVersion, data }' });
  }
  const kind = profile.envelope.kind;
  switch (kind) {
    case 'native': {
      const type = wireEventName(profile, event.type);
      return JSON.stringify(type === event.type ? event : { ...event, type });
    }
    case 'certn':
      if (typeof event.data?.object !== 'string' || typeof event.data.id !== 'string') {
        throw new WebhookVerificationError('invalid_option', { reason: 'event.data must have a string object and id', hint: 'pass a native envelope' });
      }
      return JSON.stringify({
        id: event.id,
        event_type: wireEventName(profile, event.type),
        object_id: event.data.id,
        object_type: event.data.object.toUpperCase(),
      });
    default: {
      const never: never = kind;
      throw new WebhookVerificationError('invalid_option', { reason: `Unsupported envelope ${String(never)}` });
    }
  }
}
