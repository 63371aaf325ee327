// signature.rotation: several signatures during a secret rotation, only the last one valid.
import { defineCheck } from '../check.js';
import { expectAccepted } from '../expect.js';

export const signatureRotation = defineCheck({
  id: 'signature.rotation',
  title: 'Accepts a delivery whose valid signature is not the first',
  why: 'During a secret rotation the platform signs with the old and the new secret at once; a receiver that checks only the first signature rejects every delivery until it is reconfigured.',
  fix: 'split the signature header into all its signatures and accept the delivery when any one matches (Standard Webhooks: space-separated "v1,…" entries; Stripe: every "v1=" entry); credkit/webhooks verify() does this',
  sends: 'a valid event carrying three signatures, only the third made with the receiver\'s secret',
  needsProbe: false,
  gate: 'accepts',
  phase: 'main',
  sequentialSteps: () => 1,
  appliesTo: (profile) =>
    profile.signature.multiple ? true : `the ${profile.name} profile carries one signature per delivery: there is no rotation overlap to test`,
  async run(ctx) {
    const event = ctx.events.event('credential.updated');
    const exchange = await ctx.deliver(ctx.signEvent(event, { secrets: ['unknown', 'unknown2', 'current'] }), { valid: true });
    return expectAccepted([{ label: 'three signatures, the valid one last', exchange }], { what: 'valid signature in third place', fixWhenRefused: this.fix });
  },
});
