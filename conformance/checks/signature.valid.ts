// signature.valid: a correctly signed delivery is accepted.
import { defineCheck } from '../check.js';
import { expectAccepted } from '../expect.js';

export const signatureValid = defineCheck({
  id: 'signature.valid',
  title: 'Accepts a correctly signed delivery',
  why: 'If a genuine delivery is refused, every event is retried and finally lost, and the endpoint is disabled.',
  fix: 'verify with the exact signing secret of this endpoint (copied without whitespace) and the raw request body; see signature.* and body.raw-bytes for the usual causes',
  sends: 'one correctly signed, contract-valid event',
  needsProbe: false,
  gate: 'delivers',
  phase: 'first',
  sequentialSteps: () => 1,
  appliesTo: () => true,
  async run(ctx) {
    const event = ctx.events.event('case.status_changed');
    const exchange = await ctx.deliver(ctx.signEvent(event), { valid: true });
    return expectAccepted([{ label: `valid ${event.type}`, exchange }], {
      what: 'correctly signed',
      fixWhenRefused: `${exchange.response?.status === 401 || exchange.response?.status === 403 || exchange.response?.status === 400 ? 'the receiver refused a genuine signature: check that it uses this endpoint\'s secret (the one passed to --secret) and the raw, unparsed request body; ' : 'the receiver failed on a genuine delivery: look at its log for this request; '}${this.fix}`,
    });
  },
});
