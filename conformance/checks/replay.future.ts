// replay.future: a validly signed delivery whose signed timestamp is beyond the tolerance in the future.
import { defineCheck } from '../check.js';
import { expectRejected } from '../expect.js';
import { noSignedTimestamp, REPLAY_MARGIN_IN_SECONDS } from './replay.stale.js';

export const replayFuture = defineCheck({
  id: 'replay.future',
  title: 'Rejects a delivery with a timestamp in the future',
  why: 'A timestamp far in the future would let a captured delivery be replayed for as long as it stays "fresh"; the tolerance applies in both directions.',
  fix: 'reject timestamps more than 5 minutes ahead of your clock as well as behind it (credkit/webhooks verify() checks both), and keep the server clock synchronised (NTP)',
  sends: 'a correctly signed event whose signed timestamp is the tolerance + 60 s in the future',
  needsProbe: false,
  gate: 'delivers',
  phase: 'main',
  sequentialSteps: () => 1,
  appliesTo: (profile) =>
    noSignedTimestamp(profile) ??
    (profile.timestamp.rejectFuture
      ? true
      : `the ${profile.name} profile checks only a timestamp's age, as ${profile.vendor ?? 'its vendor'}'s own libraries do: a future timestamp is accepted there`),
  async run(ctx) {
    const toleranceInSeconds = ctx.profile.timestamp.toleranceInSeconds ?? 300;
    const timestamp = Math.floor(ctx.now() / 1000) + toleranceInSeconds + REPLAY_MARGIN_IN_SECONDS;
    const event = ctx.events.event('credential.revoked');
    const exchange = await ctx.deliver(ctx.signEvent(event, { timestamp }), { valid: false });
    return expectRejected([{ label: `signed ${toleranceInSeconds + REPLAY_MARGIN_IN_SECONDS} s in the future`, exchange }], { what: 'future timestamp', fixWhenAccepted: this.fix });
  },
});
