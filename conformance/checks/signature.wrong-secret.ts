// signature.wrong-secret: a well-formed signature made with another secret.
import { defineCheck } from '../check.js';
import { expectRejected } from '../expect.js';

export const signatureWrongSecret = defineCheck({
  id: 'signature.wrong-secret',
  title: 'Rejects a delivery signed with another secret',
  why: "Each endpoint has its own secret; accepting another endpoint's (or another tenant's) signature defeats it.",
  fix: 'compute the expected signature with this endpoint\'s secret and compare it with the received one in constant time; reject on mismatch with 400',
  sends: 'a correctly formed delivery signed with a secret the receiver does not know',
  needsProbe: false,
  gate: 'delivers',
  phase: 'main',
  sequentialSteps: () => 1,
  appliesTo: () => true,
  async run(ctx) {
    const event = ctx.events.event('credential.revoked');
    const exchange = await ctx.deliver(ctx.signEvent(event, { secrets: ['unknown'] }), { valid: false });
    return expectRejected([{ label: 'signed with another secret', exchange }], { what: 'unknown secret', fixWhenAccepted: this.fix });
  },
});
