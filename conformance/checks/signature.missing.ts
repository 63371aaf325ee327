// signature.missing: each header the signature depends on, removed in turn.
import type { WireProfile } from '../../generated/profiles.js';
import { defineCheck } from '../check.js';
import { expectRejected } from '../expect.js';
import { deliverInSequence } from '../sequence.js';
import { deleteHeader } from '../signing.js';

/** The headers a delivery of this profile cannot be verified without. */
export function signatureHeaders(profile: WireProfile): string[] {
  return [profile.headers.id, profile.headers.timestamp, profile.headers.signature].filter((h): h is string => h !== null);
}

export const signatureMissing = defineCheck({
  id: 'signature.missing',
  title: 'Rejects a delivery without its signature headers',
  why: 'Anyone can POST to a public URL; a receiver that processes unsigned requests lets them forge credential revocations or case results.',
  fix: 'verify every request before reading it and answer 400/401 when a signature header is missing; never treat a missing signature as "verification not configured"',
  sends: 'a valid event with each required signature header removed in turn',
  needsProbe: false,
  gate: 'delivers',
  phase: 'main',
  sequentialSteps: (profile) => signatureHeaders(profile).length,
  appliesTo: () => true,
  async run(ctx) {
    const sent = await deliverInSequence(
      ctx,
      signatureHeaders(ctx.profile).map((header) => {
        const signed = ctx.signEvent(ctx.events.event('credential.revoked'));
        const headers = { ...signed.headers };
        deleteHeader(headers, header);
        return { label: `${header} removed`, delivery: { headers, body: signed.body }, valid: false };
      }),
    );
    return expectRejected(sent, { what: 'signature headers missing', fixWhenAccepted: this.fix });
  },
});
