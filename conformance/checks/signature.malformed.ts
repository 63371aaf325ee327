// signature.malformed: signature headers that are truncated, the wrong length, an unknown version or garbage.
import type { WireProfile } from '../../generated/profiles.js';
import { defineCheck } from '../check.js';
import { expectRejected } from '../expect.js';
import { deliverInSequence } from '../sequence.js';
import { findHeader, setHeader } from '../signing.js';

/**
 * Malformed variants of a valid signature header value, by the profile's header format. Each
 * variant breaks exactly one part and keeps every other part valid: a receiver that checks the
 * timestamp first must still reach (and survive) the decoding of a garbage signature.
 */
export function malformedSignatures(profile: WireProfile, valid: string): { label: string; value: string }[] {
  switch (profile.signature.headerFormat) {
    case 'versioned-list': {
      const version = profile.signature.version ?? 'v1';
      const sig = valid.slice(valid.indexOf(',') + 1);
      return [
        { label: 'signature truncated', value: `${version},${sig.slice(0, -8)}` },
        { label: 'signature of the wrong length', value: `${version},${sig}AAAA` },
        { label: 'unknown signature version (the valid signature under v2)', value: `v2,${sig}` },
        { label: 'signature without its version', value: sig },
        { label: 'garbage signature', value: `${version},!!not*base64~~` },
        // Passes a length check on the text, then decodes to nothing: the classic timingSafeEqual crash.
        { label: 'garbage signature of the right length', value: `${version},${'!'.repeat(sig.length)}` },
        { label: 'empty signature header', value: '' },
      ];
    }
    case 'stripe': {
      const t = /t=(\d+)/.exec(valid)?.[1] ?? '0';
      const sig = /v1=([0-9a-f]+)/.exec(valid)?.[1] ?? '';
      return [
        { label: 'signature truncated', value: `t=${t},v1=${sig.slice(0, -8)}` },
        { label: 'signature of the wrong length', value: `t=${t},v1=${sig}00` },
        { label: 'unknown signature scheme (the valid signature under v0)', value: `t=${t},v0=${sig}` },
        { label: 'signature without its timestamp', value: `v1=${sig}` },
        { label: 'garbage signature (timestamp valid)', value: `t=${t},v1=not-hex!` },
        { label: 'garbage signature of the right length (timestamp valid)', value: `t=${t},v1=${'z'.repeat(sig.length)}` },
        { label: 'garbage timestamp (signature valid hex)', value: `t=yesterday,v1=${sig}` },
        { label: 'empty signature header', value: '' },
      ];
    }
    case 'bare':
      return [
        { label: 'signature truncated', value: valid.slice(0, -8) },
        { label: 'signature of the wrong length', value: `${valid}00` },
        { label: 'garbage signature', value: 'zz-not-hex!' },
        { label: 'garbage signature of the right length', value: 'z'.repeat(valid.length) },
        { label: 'empty signature header', value: '' },
      ];
    default: {
      const never: never = profile.signature.headerFormat;
      throw new Error(`unknown header format ${String(never)}`);
    }
  }
}

export const signatureMalformed = defineCheck({
  id: 'signature.malformed',
  title: 'Rejects malformed signatures with a 4xx, without crashing',
  why: 'A signature that is truncated, the wrong length, an unknown version or garbage must be refused; a crash (5xx) makes the platform retry a delivery that can never succeed, and an unchecked length is a classic crash of timingSafeEqual.',
  fix: 'check the length before a constant-time comparison, skip signatures of unknown versions, and answer 400 for anything that does not parse (credkit/webhooks verify() does all three)',
  sends: 'valid events whose signature header is truncated, too long, of an unknown version, garbage (short, and of the right length), empty, or (stripe) has a garbage timestamp; one part broken at a time',
  needsProbe: false,
  gate: 'delivers',
  phase: 'main',
  sequentialSteps: (profile) => malformedSignatures(profile, 'v1,AAAA').length,
  appliesTo: () => true,
  async run(ctx) {
    const name = ctx.profile.headers.signature;
    const probeEvent = ctx.events.event('credential.revoked');
    const template = findHeader(ctx.signEvent(probeEvent).headers, name) ?? '';
    const sent = await deliverInSequence(
      ctx,
      malformedSignatures(ctx.profile, template).map(({ label }, i) => {
        // A fresh event per variant, with the variant rebuilt from its own valid signature.
        const signed = ctx.signEvent(ctx.events.event('credential.revoked'));
        const variant = malformedSignatures(ctx.profile, findHeader(signed.headers, name) ?? '')[i]!;
        const headers = { ...signed.headers };
        setHeader(headers, name, variant.value);
        return { label, delivery: { headers, body: signed.body }, valid: false };
      }),
    );
    return expectRejected(sent, { what: 'malformed signatures', fixWhenAccepted: this.fix });
  },
});
