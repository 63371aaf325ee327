// A CheckContext without a network, for unit tests of single checks: every request is answered by
// a function the test gives (start from a valid answer, break one thing), and recorded.
import type { CheckContext, SecretRole } from '../../conformance/check.js';
import { createEventFactory, serializeEvent } from '../../conformance/events.js';
import type { Exchange, OutgoingRequest, ReceivedResponse } from '../../conformance/http.js';
import { signDelivery } from '../../conformance/signing.js';
import { profiles, type ProfileName } from '../../generated/profiles.js';
import { generateSecret } from '../../webhooks/index.js';

/** What the fake receiver answers: a response (complete unless it says otherwise) or a failure, and how long it took. */
export type FakeAnswer = { readonly response: Partial<ReceivedResponse> & { readonly status: number }; readonly durationMs?: number } | { readonly failure: NonNullable<Exchange['failure']>; readonly durationMs?: number };

/** A CheckContext whose receiver is `answer`; `sent` records every request, `secret` is the receiver's. */
export function fakeContext({
  profile = 'standard',
  budgetMs = 1_000,
  answer,
  validDeliveries = [],
}: {
  readonly profile?: ProfileName;
  readonly budgetMs?: number;
  readonly answer: (request: OutgoingRequest) => FakeAnswer;
  readonly validDeliveries?: Exchange[];
}): CheckContext & { readonly sent: OutgoingRequest[]; readonly secret: string } {
  const wire = profiles[profile];
  const secret = generateSecret({ profile });
  const secretOf: Record<SecretRole, string> = { current: secret, unknown: generateSecret({ profile }), unknown2: generateSecret({ profile }) };
  let n = 0;
  const random = () => ((n = (n * 7919 + 104_729) % 1_000_003) / 1_000_003);
  const now = () => Date.now();
  const sent: OutgoingRequest[] = [];
  const exchange = (request: OutgoingRequest): Exchange => {
    sent.push(request);
    const a = answer(request);
    if ('failure' in a) return { request, failure: a.failure, durationMs: a.durationMs ?? 0 };
    return { request, response: { headers: {}, body: '', truncated: false, timedOut: false, ...a.response }, durationMs: a.durationMs ?? 2 };
  };
  return {
    sent,
    secret,
    profile: wire,
    url: new URL('http://127.0.0.1:3000/webhooks'),
    budgetMs,
    concurrency: 5,
    events: createEventFactory({ random, now }),
    probe: undefined,
    signal: new AbortController().signal,
    now,
    random,
    sleep: async () => {},
    validDeliveries,
    signEvent(event, { timestamp, secrets = ['current'] as const } = {}) {
      return signDelivery({ profile: wire, secrets: secrets.map((role) => secretOf[role]), id: event.id, timestamp: timestamp ?? Math.floor(now() / 1000), payload: serializeEvent(event, wire), type: event.type });
    },
    signPayload({ payload, id, type, timestamp, secrets = ['current'] as const }) {
      return signDelivery({ profile: wire, secrets: secrets.map((role) => secretOf[role]), id, timestamp: timestamp ?? Math.floor(now() / 1000), payload, type });
    },
    async deliver(delivery, { valid }) {
      const e = exchange({ method: 'POST', url: this.url, headers: delivery.headers, body: delivery.body });
      if (valid) validDeliveries.push(e);
      return e;
    },
    async deliverTogether(deliveries) {
      return Promise.all(deliveries.map(({ delivery, valid }) => this.deliver(delivery, { valid })));
    },
    async request(request) {
      return exchange(request);
    },
  };
}
