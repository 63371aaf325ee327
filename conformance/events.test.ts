import { describe, expect, it } from 'vitest';
import { validateWebhookEvent } from '../generated/events.js';
import { profileNames, profiles } from '../generated/profiles.js';
import { bodyRawBytes, rawBodyVariants } from './checks/body.raw-bytes.js';
import { shuffleForOrdering } from './checks/ordering.out-of-order.js';
import { parseEvent } from '../webhooks/index.js';
import { createEventFactory, CREDENTIAL_TIMELINE } from './events.js';

function seeded(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

const factory = createEventFactory({ random: seeded(7), now: () => Date.parse('2026-11-22T10:00:00.000Z') });

describe('the events the suite sends', () => {
  it('are valid against the contract, with fresh ids every time', () => {
    for (const type of [...CREDENTIAL_TIMELINE, 'case.status_changed', 'case.report_ready', 'business.status_changed', 'credential.verified'] as const) {
      const a = factory.event(type);
      const b = factory.event(type);
      expect(validateWebhookEvent(a), type).toEqual({ ok: true });
      expect(a.id).not.toBe(b.id);
      expect(a.data.id).not.toBe(b.data.id);
    }
  });

  it('build one credential with consecutive revisions for the ordering check', () => {
    const timeline = factory.timeline();
    expect(timeline.map((e) => e.data.revision)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(timeline.map((e) => e.data.id)).size).toBe(1);
    for (const e of timeline) expect(validateWebhookEvent(e)).toEqual({ ok: true });
  });

  it('never deliver the highest revision last when shuffled', () => {
    for (let seed = 1; seed < 200; seed++) {
      const order = shuffleForOrdering([1, 2, 3, 4, 5], seeded(seed));
      expect(order.at(-1)).not.toBe(5);
      expect([...order].sort()).toEqual([1, 2, 3, 4, 5]);
    }
  });

  it.each(profileNames)('raw-bytes bodies of the %s profile are valid JSON whose bytes re-serialization would change', (name) => {
    const variants = rawBodyVariants(
      profiles[name],
      (mutate) => {
        const e = factory.event('credential.issued');
        mutate?.(e);
        return e;
      },
      () => factory.event('bulk_issuance.completed'),
    );
    expect(variants.length).toBe(bodyRawBytes.sequentialSteps(profiles[name]));
    for (const { label, body } of variants) {
      const parsed = JSON.parse(body) as Record<string, unknown>;
      if (profiles[name].envelope.kind === 'native') expect(validateWebhookEvent(parsed), label).toEqual({ ok: true });
      if (!label.startsWith('multibyte')) expect(JSON.stringify(parsed), label).not.toBe(body);
      // What a receiver using credkit/webhooks does after the signature matched: it must not refuse these.
      expect(() => parseEvent(body, { profile: name }), label).not.toThrow();
    }
  });
});
