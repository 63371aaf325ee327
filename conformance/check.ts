// What a conformance check is: data (id, title, why, fix, what it sends, where it applies) plus
// one function. The runner, the reporters and the docs catalog page all read these fields.
import type { WireProfile } from '../generated/profiles.js';
import type { EventFactory, NativeEvent } from './events.js';
import type { Exchange, OutgoingRequest } from './http.js';
import type { ProbeClient } from './probe.js';
import type { SignedDelivery } from './signing.js';

/** Every check id, in run order. Ids are stable: CI configurations and docs anchors use them. */
export const checkIds = [
  'handshake.challenge',
  'transport.redirect',
  'signature.valid',
  'signature.missing',
  'signature.tampered',
  'signature.wrong-secret',
  'signature.malformed',
  'replay.stale',
  'replay.future',
  'signature.rotation',
  'body.raw-bytes',
  'idempotency.duplicate',
  'ordering.out-of-order',
  'compat.unknown-type',
  'compat.unknown-fields',
  'load.burst',
  'latency.ack',
] as const;

/** A check's stable id, e.g. `signature.valid`. */
export type CheckId = (typeof checkIds)[number];

/** How a check ended. `skipped`: it could not be judged (e.g. no probe); `not_applicable`: the profile rules it out. */
export type CheckStatus = 'passed' | 'failed' | 'skipped' | 'not_applicable';

/** One request of a failed check as the report shows it: what was sent, what came back. */
export interface Evidence {
  readonly sent: string;
  readonly received: string;
}

/** What a check's function returns; the runner adds the id, timing and redaction. */
export interface CheckOutcome {
  readonly status: 'passed' | 'failed' | 'skipped';
  /** One sentence: what happened. */
  readonly message: string;
  /** For a failure: the concrete fix for what was seen (the check's `fix` when omitted). */
  readonly hint?: string;
  readonly evidence?: readonly Evidence[];
}

/** A check's result in a report. */
export interface CheckResult {
  readonly id: CheckId;
  readonly title: string;
  readonly status: CheckStatus;
  readonly message: string;
  /** The fix for a failure, how to enable a skipped check, empty otherwise. */
  readonly hint: string;
  readonly durationMs: number;
  readonly evidence: readonly Evidence[];
  /** Why the check matters (the catalog's `why`). */
  readonly why: string;
  readonly docsUrl: string;
}

/** Which signing secret to use: the receiver's (`current`), or secrets the receiver does not know. */
export type SecretRole = 'current' | 'unknown' | 'unknown2';

/** What a check needs before it can judge anything. */
export type CheckGate =
  /** Runs whatever else failed. */
  | 'none'
  /** Needs the receiver to answer deliveries without redirecting (transport.redirect). */
  | 'delivers'
  /** Needs the receiver to accept a correctly signed delivery (signature.valid). */
  | 'accepts';

/** When a check runs: first alone, then the main checks together, then the burst, then the summary of latencies. */
export type CheckPhase = 'first' | 'main' | 'burst' | 'last';

/** What a check's function gets. The secret itself is never handed out: checks sign by role. */
export interface CheckContext {
  readonly profile: WireProfile;
  readonly url: URL;
  /** The response budget of one delivery (`--budget-ms`). */
  readonly budgetMs: number;
  /** Concurrent deliveries of the burst (`--concurrency`). */
  readonly concurrency: number;
  readonly events: EventFactory;
  /** The receiver's probe, when `--probe` was given. */
  readonly probe: ProbeClient | undefined;
  /** Aborted when the check runs out of time. */
  readonly signal: AbortSignal;
  /** Wall clock in milliseconds, for signature timestamps. */
  readonly now: () => number;
  readonly random: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** The wire body and signed headers of a native event (timestamp: unix seconds, default now). */
  signEvent(event: NativeEvent, options?: { readonly timestamp?: number; readonly secrets?: readonly SecretRole[] }): SignedDelivery;
  /** Signs arbitrary wire bytes, for payloads the envelope builder would not produce. */
  signPayload(options: {
    readonly payload: string;
    readonly id: string;
    /** The native event type (for headers such as X-CertDirectory-Event). */
    readonly type: string;
    readonly timestamp?: number;
    readonly secrets?: readonly SecretRole[];
  }): SignedDelivery;
  /** POSTs a delivery. `valid` deliveries count in latency.ack. */
  deliver(delivery: SignedDelivery, options: { readonly valid: boolean }): Promise<Exchange>;
  /**
   * POSTs several deliveries so that they land at the same moment (see HttpClient.sendTogether):
   * what exposes a check-then-insert race that copies sent merely "at once" can slip past.
   */
  deliverTogether(deliveries: readonly { readonly delivery: SignedDelivery; readonly valid: boolean }[]): Promise<Exchange[]>;
  /** Sends any request (the handshake's GET) with the same limits. */
  request(request: OutgoingRequest): Promise<Exchange>;
  /** Every valid delivery of the run so far, with its timing (for latency.ack). */
  readonly validDeliveries: readonly Exchange[];
}

/** One check of the catalog. */
export interface CheckDefinition {
  readonly id: CheckId;
  /** Short, user-facing: what a passing receiver does. */
  readonly title: string;
  /** Why it matters, in one or two sentences an integrator would agree with. */
  readonly why: string;
  /** The concrete fix when it fails. */
  readonly fix: string;
  /** Anchor of the check on the docs catalog page (`docs/checks.html#<anchor>`): the id. */
  readonly docsAnchor: string;
  /** What the check sends, in one line. */
  readonly sends: string;
  /** Uses the probe when given; without one, the part that needs it is skipped, never passed. */
  readonly needsProbe: boolean;
  readonly gate: CheckGate;
  readonly phase: CheckPhase;
  /**
   * Steps of deliveries sent one after another (see sequence.ts): the check's time limit is
   * (steps − 1) × the stagger + one request limit (+ the probe's settle time).
   */
  sequentialSteps(profile: WireProfile): number;
  /** `true`, or why the check cannot apply to this profile. */
  appliesTo(profile: WireProfile): true | string;
  run(ctx: CheckContext): Promise<CheckOutcome>;
}

/** The catalog page of the docs site shipped with credkit, relative to the site's root (`npx credkit docs checks.html` serves it). */
export const CHECKS_DOCS_PAGE = 'checks.html';

/**
 * Defines a check (an identity function that pins the type and the docs anchor).
 *
 * @example export const signatureValid = defineCheck({ id: 'signature.valid', title: '…', … });
 */
export function defineCheck(definition: Omit<CheckDefinition, 'docsAnchor'>): CheckDefinition {
  return { ...definition, docsAnchor: definition.id };
}
