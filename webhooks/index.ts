// credkit/webhooks: sign, verify and parse webhook deliveries for every wire profile.
// Depends on nothing but node:crypto and the generated contract: this is what integrators ship.

// Receiving: verify a delivery and get a typed event back
export { verify, verifySignature } from './verify.js';
export { verifyRequest, verifyNodeRequest } from './verify-request.js';
export { WEBHOOK_TOLERANCE_IN_SECONDS, MAX_WEBHOOK_BODY_IN_BYTES } from './options.js';
export { parseEvent, isUnknownEvent } from './event.js';

// Sending: what the mock's delivery engine, the conformance suite and tests sign with
export { sign, signEvent } from './sign.js';
export { toWireBody, wireEventName, nativeEventType } from './wire-body.js';
export { computeSignature, formatSignatureHeader } from './signature.js';
export { generateSecret } from './secret.js';

// Profiles: the wire formats, as data
export { requiredHeaders, readHeader } from './profile.js';
export { judgeHandshake, describeHandshakeFaults, handshakeRequirement } from './handshake.js';
export { nextRetryDelayMs, retryAfterDelayMs, retryAttempts, retryHorizonInSeconds, dedupeTtlInDays, RETRY_AFTER_STATUSES, MAX_RETRY_AFTER_IN_SECONDS } from './retry-schedule.js';
export type { RetryAttempt } from './retry-schedule.js';
export { transportFailures, transportFailureOf } from './transport-failure.js';
export type { TransportFailureCode } from './transport-failure.js';
export type { Handshake, HandshakeAnswer, HandshakeFault } from './handshake.js';
export { profiles, profileNames } from '../generated/profiles.js';
export { eventTypes, eventCatalog, isKnownEventType, validateWebhookEvent } from './contract.js';

// Errors
export { WebhookVerificationError, webhookErrorCodes, WEBHOOK_DOCS_URL } from './errors.js';

export type { VerifyOptions, VerifySignatureOptions, VerifiedSignature } from './verify.js';
export type { VerifyRequestOptions, VerifyNodeRequestOptions } from './verify-request.js';
export type { ParseEventOptions, ProfileEvent, UnknownEvent, CertnEvent, EnvelopeKindOf } from './event.js';
export type { SignOptions, SignEventOptions, SignedDelivery } from './sign.js';
export type { ToWireBodyOptions, NativeEnvelope } from './wire-body.js';
export type { ComputeSignatureOptions, FormatSignatureHeaderOptions } from './signature.js';
export type { RawBody } from './raw-body.js';
export type { GenerateSecretOptions } from './secret.js';
export type { HeadersLike } from './profile.js';
export type { ProfileName, WireProfile } from '../generated/profiles.js';
export type { WebhookEvent, WebhookEventType, WebhookEventOf, EventCatalogEntry, EventSchemaError } from './contract.js';
export type { WebhookVerificationErrorCode, WebhookVerificationErrorOptions, WebhookPayloadIssue } from './errors.js';
