// What a receiver keeps of a verified event: its id (to deduplicate) and, for native envelopes,
// the object's id, revision and status (to order). The same for every framework.
import type { ProfileName } from '../../generated/profiles.js';
import { isUnknownEvent, type ProfileEvent } from '../../webhooks/index.js';
import type { StorableEvent } from './store.js';

/**
 * The storable part of a verified event, or `undefined` for a type this receiver does not know
 * (acknowledge it and ignore it: new types are added without notice).
 *
 * @example const storable = storableEvent(verify({ secret, headers, payload }));
 */
export function storableEvent(event: ProfileEvent<ProfileName>): StorableEvent | undefined {
  if (isUnknownEvent(event)) return undefined;
  if ('event_type' in event) {
    // Certn's compact envelope has no revision: fetch the object through the API when processing.
    return { id: event.id };
  }
  const { data } = event;
  return { id: event.id, object: { kind: data.object, id: data.id, revision: data.revision, status: data.status } };
}
