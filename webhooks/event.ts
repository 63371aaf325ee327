// Turning a verified body into a typed event: the contract's union, the certn envelope, or an UnknownEvent.
import type { ProfileName, WireProfile } from '../generated/profiles.js';
import { eventTypes, validateWebhookEvent, type WebhookEvent, type WebhookEventType } from './contract.js';
import { WebhookVerificationError, type WebhookPayloadIssue } from './errors.js';
import { resolveProfile } from './profile.js';
import { isRawBody, rawBody, type RawBody } from './raw-body.js';
import { isRenamedWireEventName, nativeEventType } from './wire-body.js';

/**
 * An event whose type this version of credkit does not know. Receivers must accept new types (answer
 * 2xx) and may ignore them. Its `type` is the literal `'unknown'`, so that `switch (event.type)` still
 * narrows the known events (TypeScript cannot narrow a union one of whose members has `type: string`);
 * the type the sender used is in `unknownType`, the whole parsed body in `raw`.
 *
 * @example
 * switch (event.type) {
 *   case 'credential.revoked': revoke(event.data.id); break;
 *   case 'unknown': log.info(`ignoring ${event.unknownType}`); break;
 * }
 */
export interface UnknownEvent {
  readonly type: 'unknown';
  /** The type as sent, e.g. `credential.suspended` (or certn's `event_type`); undefined when the body has none. */
  readonly unknownType: string | undefined;
  /** The event id when the body has one: deduplicate unknown events by it too. */
  readonly id: string | undefined;
  /** The parsed body, untouched. */
  readonly raw: Readonly<Record<string, unknown>>;
}

/**
 * Certn's compact envelope: details are fetched through the API.
 *
 * @example { id: 'e50b8c4f-…', event_type: 'CASE_STATUS_CHANGED', object_id: '2f64d134-…', object_type: 'CASE' }
 */
export interface CertnEvent {
  readonly id: string;
  /** The profile's name for the event, e.g. `CASE_STATUS_CHANGED`. */
  readonly event_type: string;
  readonly object_id: string;
  /** The native `data.object`, uppercased, e.g. `CASE`. */
  readonly object_type: string;
}

/** Which envelope a profile uses. Mirrors `envelope.kind` of spec/profiles/*.yaml (a test keeps them in step). */
export type EnvelopeKindOf<P extends ProfileName> = P extends 'certn' ? 'certn' : 'native';

/**
 * What verify and parseEvent return for a profile: the contract's `WebhookEvent` union for native
 * envelopes, `CertnEvent` for certn, and an `UnknownEvent` for types this version does not know.
 */
export type ProfileEvent<P extends ProfileName = 'standard'> =
  | (EnvelopeKindOf<P> extends 'certn' ? CertnEvent : WebhookEvent)
  | UnknownEvent;

/**
 * True for an event of a type this version does not know.
 *
 * @example if (isUnknownEvent(event)) return new Response(null, { status: 204 });
 */
export function isUnknownEvent(event: ProfileEvent<ProfileName>): event is UnknownEvent {
  return (event as UnknownEvent).type === 'unknown' && 'unknownType' in event;
}

/** Options of parseEvent. */
export interface ParseEventOptions<P extends ProfileName = 'standard'> {
  readonly profile?: P;
  /**
   * Validate a known event type against the full contract schema (default true here). False checks
   * only what every receiver relies on: `id`, `data.object`, `data.id` and an integer `data.revision`.
   */
  readonly validate?: boolean;
}

const knownTypes: ReadonlySet<string> = new Set<string>(eventTypes);

function invalidPayload(reason: string, extra: { cause?: unknown; issues?: { pointer: string; message: string }[] } = {}): WebhookVerificationError {
  return new WebhookVerificationError('invalid_payload', {
    reason,
    hint: 'the signature was valid, so the sender sent a body that does not follow the contract; report it with the event id',
    ...extra,
  });
}

function decodeText(body: RawBody): string {
  const raw = rawBody(body);
  return typeof raw === 'string' ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses and classifies a body already known to be authentic. Shared by parseEvent and verify. */
export function eventFromBody<P extends ProfileName>(profile: WireProfile, body: RawBody | Record<string, unknown>, validate: boolean): ProfileEvent<P> {
  let value: unknown;
  if (isRawBody(body)) {
    const text = decodeText(body);
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw invalidPayload(text.length === 0 ? 'The webhook body is empty' : 'The webhook body is not JSON', { cause: err });
    }
  } else {
    value = body;
  }
  if (!isRecord(value)) throw invalidPayload('The webhook body is not a JSON object');
  const kind = profile.envelope.kind;
  switch (kind) {
    case 'native': {
      const wireType = value.type;
      // A signed object without a type is still the platform's: tolerate it like a new type.
      if (typeof wireType !== 'string') return unknownEvent(undefined, value) as ProfileEvent<P>;
      const type = nativeEventType(profile, wireType);
      if (!knownTypes.has(type)) return unknownEvent(wireType, value) as ProfileEvent<P>;
      const event = type === wireType ? value : { ...value, type };
      if (validate) {
        const result = validateWebhookEvent(event);
        if (!result.ok) {
          throw invalidPayload(`The ${type} event does not match the contract (${describe(result.errors)})`, { issues: result.errors });
        }
      } else {
        const issues = envelopeIssues(event);
        if (issues.length > 0) throw invalidPayload(`The ${type} event lacks what every receiver relies on (${describe(issues)})`, { issues });
      }
      return event as unknown as ProfileEvent<P>;
    }
    case 'certn': {
      const issues: { pointer: string; message: string }[] = [];
      for (const field of ['id', 'event_type', 'object_id', 'object_type'] as const) {
        if (typeof value[field] !== 'string') issues.push({ pointer: `/${field}`, message: 'must be string' });
      }
      const eventType = value.event_type;
      if (typeof eventType !== 'string' || !isRenamedWireEventName(profile, eventType)) {
        return unknownEvent(typeof eventType === 'string' ? eventType : undefined, value) as ProfileEvent<P>;
      }
      if (issues.length > 0) throw invalidPayload(`The ${profile.name} event does not match its envelope (${describe(issues)})`, { issues });
      return value as unknown as ProfileEvent<P>;
    }
    default: {
      const never: never = kind;
      throw new WebhookVerificationError('invalid_option', { reason: `Unsupported envelope ${String(never)}` });
    }
  }
}

/**
 * The fields every receiver relies on, checked even without full validation: the id to deduplicate
 * by, and the object id and revision to order by. Cheap, and independent of enum values a later
 * minor version of the contract may add.
 */
function envelopeIssues(event: Record<string, unknown>): WebhookPayloadIssue[] {
  const issues: WebhookPayloadIssue[] = [];
  if (typeof event.id !== 'string') issues.push({ pointer: '/id', message: 'must be string' });
  const data = event.data as Record<string, unknown> | undefined;
  if (!isRecord(data)) {
    issues.push({ pointer: '/data', message: 'must be object' });
    return issues;
  }
  if (typeof data.object !== 'string') issues.push({ pointer: '/data/object', message: 'must be string' });
  if (typeof data.id !== 'string') issues.push({ pointer: '/data/id', message: 'must be string' });
  if (!Number.isSafeInteger(data.revision)) issues.push({ pointer: '/data/revision', message: 'must be integer' });
  return issues;
}

function unknownEvent(unknownType: string | undefined, raw: Record<string, unknown>): UnknownEvent {
  return { type: 'unknown', unknownType, id: typeof raw.id === 'string' ? raw.id : undefined, raw };
}

function describe(issues: readonly { pointer: string; message: string }[]): string {
  const shown = issues.slice(0, 3).map((i) => `${i.pointer || '/'} ${i.message}`);
  return issues.length > 3 ? `${shown.join('; ')}; and ${issues.length - 3} more` : shown.join('; ');
}

/**
 * Parses an event body (JSON text, bytes, or an already-parsed object, e.g. an item of `GET /v1/events`)
 * into a typed event. Known types are validated against the contract (`invalid_payload` with `issues`
 * when they do not match); an unknown type comes back as an UnknownEvent. Does not check signatures:
 * use verify for deliveries.
 *
 * @example
 * const event = parseEvent('{"id":"evt_…","type":"credential.revoked",…}');
 * if (event.type === 'credential.revoked') console.log(event.data.revision);
 */
export function parseEvent<P extends ProfileName = 'standard'>(
  json: RawBody | Record<string, unknown>,
  { profile = 'standard' as P, validate = true }: ParseEventOptions<P> = {},
): ProfileEvent<P> {
  return eventFromBody<P>(resolveProfile(profile), json, validate);
}

export type { WebhookEvent, WebhookEventType };
