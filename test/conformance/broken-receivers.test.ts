// Each broken receiver fails exactly the check(s) its bug breaks, with a hint that names the cause,
// and passes (or skips, or rules out) everything else.
import { describe, expect, it } from 'vitest';
import { getCheck, isCheckId, runConformance } from '../../conformance/index.js';
import { profiles, type ProfileName } from '../../generated/profiles.js';
import { brokenReceivers } from '../../examples/receivers/broken/index.js';
import { generateSecret } from '../../webhooks/index.js';
import { start } from './helpers.js';

/** Words the hint of each broken check must contain: the cause, in the integrator's terms. */
const hintNames: Record<string, RegExp> = {
  'body.raw-bytes': /raw body/i,
  'replay.stale': /timestamp|tolerance/i,
  'replay.future': /future|ahead/i,
  'signature.missing': /missing/i,
  'signature.rotation': /any one matches|all its signatures/i,
  'idempotency.duplicate': /event id/i,
  'ordering.out-of-order': /revision/i,
  'compat.unknown-type': /type you do not handle/i,
  'compat.unknown-fields': /ignore fields/i,
  'latency.ack': /acknowledge .*right after/i,
  'handshake.challenge': /text\/plain|challenge|value/i,
  'transport.redirect': /redirect|URL/i,
};

// The slow receiver costs real (if compressed) time per run: two profiles show it as well as five.
const profilesOf = (bug: { id: string; profiles: readonly ProfileName[] }) => (bug.id === 'slow-ack' ? (['standard', 'certn'] as const) : bug.profiles);
const cases = brokenReceivers.flatMap((receiver) => profilesOf(receiver.bug).map((profile) => ({ receiver, profile, name: `${receiver.bug.id} (${profile})` })));

/** The checks a bug breaks that apply to the profile (Stripe's profile has no replay.future, for one). */
function expectedFailures(breaks: readonly string[], profile: ProfileName): string[] {
  return breaks.filter((id) => isCheckId(id) && getCheck(id).appliesTo(profiles[profile]) === true).sort();
}

describe('broken receivers', () => {
  it.each(cases)('$name fails exactly the checks its bug breaks', async ({ receiver, profile }) => {
    const secret = generateSecret({ profile });
    const slow = receiver.bug.id === 'slow-ack';
    // The slow receiver takes 300 ms per acknowledgement: a 150 ms budget shows the bug without 12 real seconds.
    const server = await start(receiver.createReceiver({ profile, secret, ...(slow ? { delayMs: 300 } : {}) }));
    try {
      const report = await runConformance({
        url: server.url,
        secret,
        profile,
        probe: server.probe,
        concurrency: 20,
        // A second is plenty for these in-process receivers to apply what they acknowledged, even on a
        // loaded machine; only the receivers that never get it right wait it out.
        settleMs: 1_000,
        ...(slow ? { budgetMs: 150, requestTimeoutMs: 5_000 } : {}),
      });
      const failed = report.results.filter((r) => r.status === 'failed');
      const detail = failed.map((r) => `${r.id}: ${r.message}`).join('\n');
      expect(failed.map((r) => r.id).sort(), detail).toEqual(expectedFailures(receiver.bug.breaks, profile));
      for (const r of failed) {
        expect(r.hint, r.id).toMatch(hintNames[r.id]!);
        expect(r.message.length).toBeGreaterThan(10);
      }
      // Everything else was judged: only redirects (nothing can be judged) may skip checks.
      const skipped = report.results.filter((r) => r.status === 'skipped').map((r) => r.id);
      if (receiver.bug.id === 'redirects') expect(skipped.length).toBeGreaterThan(5);
      else expect(skipped).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
