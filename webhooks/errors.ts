// One error class for the webhooks domain, with a stable code, a fix hint and a docs link per code.
import { docsHint } from './docs-link.js';

/**
 * Where each error code is explained: a page of the docs site shipped with credkit, relative to the
 * site's root (`npx credkit docs guides/verifying-signatures.html` serves it); the code is the anchor.
 */
export const WEBHOOK_DOCS_URL = 'guides/verifying-signatures.html';

/**
 * Why a delivery (or a call) was rejected. The first seven are failures of the delivery: answer them
 * with a 4xx. `invalid_secret` and `invalid_option` are configuration mistakes in the receiver:
 * answer them with a 5xx, so the platform retries once the configuration is fixed.
 */
export type WebhookVerificationErrorCode =
  | 'missing_header'
  | 'malformed_header'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'no_matching_signature'
  | 'invalid_payload'
  | 'body_unreadable'
  | 'invalid_secret'
  | 'invalid_option';

/** Catalog of error codes: the default reason, the fix hint and whether the sender is at fault. */
export const webhookErrorCodes: Readonly<
  Record<WebhookVerificationErrorCode, { readonly reason: string; readonly hint: string; readonly configuration: boolean }>
> = {
  missing_header: {
    reason: 'A required webhook header is missing',
    hint: 'check that your framework or proxy forwards every signature header unchanged',
    configuration: false,
  },
  malformed_header: {
    reason: 'A webhook header is malformed',
    hint: 'the header must be passed exactly as received; do not split, trim or re-encode it',
    configuration: false,
  },
  timestamp_too_old: {
    reason: 'The webhook timestamp is too old',
    hint: "this is a replay or a delayed delivery; check that the server's clock is synchronised (NTP)",
    configuration: false,
  },
  timestamp_too_new: {
    reason: 'The webhook timestamp is too far in the future',
    hint: "check that the server's clock is synchronised (NTP)",
    configuration: false,
  },
  no_matching_signature: {
    reason: 'No matching signature found',
    hint: 'pass the raw request body exactly as received (not re-serialized JSON) and the signing secret of this endpoint',
    configuration: false,
  },
  invalid_payload: {
    reason: 'The webhook payload is not a valid event',
    hint: 'pass the raw request body you received (string, Buffer, typed array or ArrayBuffer), not a parsed object',
    configuration: false,
  },
  body_unreadable: {
    reason: 'The request body could not be read',
    hint: 'the connection broke or the sender stopped before the whole body arrived (see cause); the platform retries the delivery. If it keeps happening, check the timeouts and body limits of proxies in front of the receiver',
    configuration: false,
  },
  invalid_secret: {
    reason: 'The signing secret is unusable',
    hint: "copy the endpoint's signing secret exactly as shown, e.g. whsec_… for the standard profile",
    configuration: true,
  },
  invalid_option: {
    reason: 'An option is invalid',
    hint: 'see the options documented on the function',
    configuration: true,
  },
};

/** One contract violation found while validating an event: a JSON pointer and what is wrong there. */
export interface WebhookPayloadIssue {
  readonly pointer: string;
  readonly message: string;
}

/** What a WebhookVerificationError can be built from; everything but the code is optional. */
export interface WebhookVerificationErrorOptions {
  readonly reason?: string;
  readonly hint?: string;
  /** The header the problem is in (its name, never a secret). */
  readonly header?: string;
  /** Contract violations, for `invalid_payload` of a known event type. */
  readonly issues?: readonly WebhookPayloadIssue[];
  readonly cause?: unknown;
}

/**
 * Every verification failure, and every misuse of the webhook helpers. Messages never contain the
 * secret.
 *
 * @example
 * try {
 *   event = verify({ secret, headers, payload });
 * } catch (err) {
 *   if (err instanceof WebhookVerificationError && !err.configuration) return new Response(err.code, { status: 400 });
 *   throw err;
 * }
 */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
  readonly code: WebhookVerificationErrorCode;
  /** What to do about it. Also part of `message`. */
  readonly hint: string;
  /** Where this code is explained: a page of the shipped docs site and its anchor, e.g. `guides/verifying-signatures.html#no_matching_signature`. */
  readonly docsUrl: string;
  /** `docsUrl` followed by the command that opens it (`npx credkit docs <page>`), for logs and error pages. */
  readonly docsHint: string;
  /** The header concerned, when there is one. */
  readonly header: string | undefined;
  /** Contract violations found in the payload (`invalid_payload` only). */
  readonly issues: readonly WebhookPayloadIssue[];

  constructor(code: WebhookVerificationErrorCode, options: WebhookVerificationErrorOptions = {}) {
    const entry = webhookErrorCodes[code];
    const reason = options.reason ?? entry.reason;
    const hint = options.hint ?? entry.hint;
    super(`${reason}: ${hint}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = hint;
    this.docsUrl = `${WEBHOOK_DOCS_URL}#${code}`;
    this.docsHint = docsHint(this.docsUrl);
    this.header = options.header;
    this.issues = options.issues ?? [];
  }

  /** True when the receiver is misconfigured (answer 5xx), false when the delivery is bad (answer 4xx). */
  get configuration(): boolean {
    return webhookErrorCodes[this.code].configuration;
  }

  /** The HTTP status a receiver should answer with: 400 for a bad delivery, 500 for its own misconfiguration. */
  get status(): 400 | 500 {
    return this.configuration ? 500 : 400;
  }
}
