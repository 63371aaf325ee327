// The one place webhooks/ reads the event contract from generated/: the event union, the catalog of
// types and the precompiled (dependency-free) validator.
export { eventTypes, eventCatalog, isKnownEventType, validateWebhookEvent } from '../generated/events.js';
export type { WebhookEvent, WebhookEventType, WebhookEventOf, EventCatalogEntry, EventSchemaError } from '../generated/events.js';
