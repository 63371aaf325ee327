// replay.stale: a validly signed delivery whose signed timestamp is older than the tolerance.
import type { WireProfile } from '../../generated/profiles.js';
import { defineCheck } from '../check.js';
import { expectRejected } from '../expect.js';

/** Seconds beyond the tolerance: far enough that clock skew between two machines cannot explain it. */
export const REPLAY_MARGIN_IN_SECONDS = 60;

/** Why replay checks cannot apply to profiles whose signature covers no timestamp. */
export function noSignedTimestamp(profile: WireProfile): string | undefined {
  return profile.timestamp.location === 'none'
    ? `the ${profile.name} profile signs only the body: no timestamp is covered by the signature, so a replay cannot be told apart by it (receivers deduplicate by event id instead)`
    : undefined;
}

export const replayStale = defineCheck({
  id: 'replay.stale',
  title: 'Rejects a delivery with a stale timestamp',
  why: 'An attacker who captured one genuine delivery can send it again later; the signed timestamp lets the receiver refuse anything older than the tolerance.',
  fix: 'compare the signed timestamp with your clock and answer 400 when it is more than 5 minutes old (credkit/webhooks verify() does it; do not pass a huge toleranceInSeconds), and keep the server clock synchronised (NTP)',
  sends: 'a correctly signed event whose signed timestamp is the tolerance + 60 s in the past',
  needsProbe: false,
  gate: 'delivers',
  phase: 'main',
  sequentialSteps: () => 1,
  appliesTo: (profile) => noSignedTimestamp(profile) ?? true,
  async run(ctx) {
    const toleranceInSeconds = ctx.profile.timestamp.toleranceInSeconds ?? 300;
    const timestamp = Math.floor(ctx.now() / 1000) - toleranceInSeconds - REPLAY_MARGIN_IN_SECONDS;
    const event = ctx.events.event('credential.revoked');
    const exchange = await ctx.deliver(ctx.signEvent(event, { timestamp }), { valid: false });
    return expectRejected([{ label: `signed ${toleranceInSeconds + REPLAY_MARGIN_IN_SECONDS} s ago`, exchange }], { what: 'stale timestamp', fixWhenAccepted: this.fix });
  },
});
