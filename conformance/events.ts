// The events the suite sends: the contract's own examples with fresh ids, so every delivery is a
// realistic, contract-valid event that no receiver has seen before.
import { eventCatalog, type WebhookEventType } from '../generated/events.js';
import { contractIdPrefixes } from '../generated/ids.js';
import type { ProfileName, WireProfile } from '../generated/profiles.js';
import { toWireBody } from '../webhooks/index.js';

/** A native event as the suite handles it: the contract's envelope, open to unknown types and fields. */
export interface NativeEvent {
  id: string;
  type: string;
  createdAt: string;
  apiVersion: string;
  data: { object: string; id: string; revision: number; status: string; [field: string]: unknown };
  [field: string]: unknown;
}

/** The id prefix of each object kind, as the contract's patterns require (generated from them). */
export const objectIdPrefixes: Readonly<Record<string, string>> = contractIdPrefixes;

/** One credential's life in order: the ordering check sends these shuffled, with consecutive revisions. */
export const CREDENTIAL_TIMELINE: readonly WebhookEventType[] = [
  'credential.issued',
  'credential.updated',
  'credential.claimed',
  'credential.verified',
  'credential.revoked',
];

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Builds fresh events; ids come from the injected `random`, times from the injected `now`. */
export interface EventFactory {
  /** A new id with that prefix, e.g. `evt_3kQ…` (24 random characters). */
  newId(prefix: string): string;
  /**
   * A valid event of `type` for a new object (or `objectId`), at `revision` (default: the example's).
   *
   * @example factory.event('credential.revoked', { objectId: 'crd_…', revision: 5 })
   */
  event(type: WebhookEventType, options?: { readonly objectId?: string; readonly revision?: number }): NativeEvent;
  /** `count` events of one new credential with revisions 1..count (count ≤ CREDENTIAL_TIMELINE.length). */
  timeline(count?: number): NativeEvent[];
}

/**
 * An EventFactory over the contract's examples.
 *
 * @example createEventFactory({ random: Math.random, now: Date.now }).event('credential.issued').id // 'evt_…'
 */
export function createEventFactory({ random, now }: { readonly random: () => number; readonly now: () => number }): EventFactory {
  const newId = (prefix: string) => {
    let id = prefix;
    for (let i = 0; i < 24; i++) id += ALPHANUMERIC[Math.floor(random() * ALPHANUMERIC.length) % ALPHANUMERIC.length];
    return id;
  };
  const event: EventFactory['event'] = (type, { objectId, revision } = {}) => {
    const example = structuredClone(eventCatalog[type].example) as unknown as NativeEvent;
    const prefix = objectIdPrefixes[example.data.object] ?? 'obj_';
    example.id = newId(contractIdPrefixes.event);
    example.createdAt = new Date(now()).toISOString();
    example.data.id = objectId ?? newId(prefix);
    if (revision !== undefined) example.data.revision = revision;
    return example;
  };
  return {
    newId,
    event,
    timeline(count = CREDENTIAL_TIMELINE.length) {
      const objectId = newId(contractIdPrefixes.credential);
      return CREDENTIAL_TIMELINE.slice(0, count).map((type, i) => event(type, { objectId, revision: i + 1 }));
    },
  };
}

/**
 * The exact bytes a delivery of this event carries in a profile: compact JSON of the profile's
 * envelope (credkit/webhooks toWireBody, the platform's own serializer).
 *
 * @example serializeEvent(event, profiles.certn) // '{"id":"evt_…","event_type":"CREDENTIAL_ISSUED","object_id":"crd_…","object_type":"CREDENTIAL"}'
 */
export function serializeEvent(event: NativeEvent, profile: WireProfile): string {
  return toWireBody({ profile: profile.name as ProfileName, event });
}
