// signature.tampered: the body, id or timestamp changed after signing.
import { defineCheck } from '../check.js';
import type { WireProfile } from '../../generated/profiles.js';
import { expectRejected } from '../expect.js';
import { deliverInSequence, type SequencedDelivery } from '../sequence.js';
import { findHeader, setHeader } from '../signing.js';

/** How many tampered deliveries a profile gets: the body, plus the id and the timestamp where they are signed. */
export function tamperedVariants(profile: WireProfile): number {
  return 1 + (profile.headers.id !== null ? 1 : 0) + (profile.timestamp.location !== 'none' ? 1 : 0);
}

export const signatureTampered = defineCheck({
  id: 'signature.tampered',
  title: 'Rejects a delivery changed after signing',
  why: 'The signature is what proves a delivery is genuine and unchanged; a receiver that accepts a modified body or id can be fed forged data.',
  fix: 'compute the HMAC over exactly the signed content of the profile (standard: "{id}.{timestamp}.{raw body}") with the headers as received, and compare it in constant time; reject on mismatch with 400',
  sends: 'valid events whose body, id header or timestamp was changed after signing',
  needsProbe: false,
  gate: 'delivers',
  phase: 'main',
  sequentialSteps: (profile) => tamperedVariants(profile),
  appliesTo: () => true,
  async run(ctx) {
    const { profile } = ctx;
    const variants: SequencedDelivery[] = [];
    const send = (label: string, headers: Record<string, string>, body: string) => variants.push({ label, delivery: { headers, body }, valid: false });

    // The body: the object's id swapped for another of the same shape: still valid JSON and still
    // a valid event, so only the signature can tell (re-serializing does not hide the change).
    {
      const event = ctx.events.event('credential.issued');
      const signed = ctx.signEvent(event);
      send('body changed after signing', { ...signed.headers }, signed.body.replace(event.data.id, ctx.events.newId('crd_')));
    }
    if (profile.headers.id !== null) {
      const event = ctx.events.event('credential.issued');
      const signed = ctx.signEvent(event);
      const headers = { ...signed.headers };
      setHeader(headers, profile.headers.id, ctx.events.newId('evt_'));
      send(`${profile.headers.id} changed after signing`, headers, signed.body);
    }
    if (profile.timestamp.location === 'header' && profile.headers.timestamp !== null) {
      const event = ctx.events.event('credential.issued');
      const signed = ctx.signEvent(event);
      const headers = { ...signed.headers };
      const original = Number(findHeader(headers, profile.headers.timestamp));
      setHeader(headers, profile.headers.timestamp, String(original - 1));
      send(`${profile.headers.timestamp} changed after signing`, headers, signed.body);
    }
    if (profile.timestamp.location === 'signature') {
      const event = ctx.events.event('credential.issued');
      const signed = ctx.signEvent(event);
      const headers = { ...signed.headers };
      const value = findHeader(headers, profile.headers.signature) ?? '';
      setHeader(headers, profile.headers.signature, value.replace(/t=(\d+)/, (_, t: string) => `t=${Number(t) - 1}`));
      send('signed timestamp (t=) changed after signing', headers, signed.body);
    }
    return expectRejected(await deliverInSequence(ctx, variants), { what: 'changed after signing', fixWhenAccepted: this.fix });
  },
});
