// compat.unknown-fields: a known event with fields added at every level.
import { defineCheck } from '../check.js';
import { serializeEvent } from '../events.js';
import { expectAccepted } from '../expect.js';

export const compatUnknownFields = defineCheck({
  id: 'compat.unknown-fields',
  title: 'Accepts events with fields it does not know',
  why: 'Adding a field is a compatible change and happens without notice; a receiver that validates events strictly breaks on the next release.',
  fix: 'ignore fields you do not use: no additionalProperties: false / .strict() / "forbid extra" on incoming events, and no exact-shape comparison',
  sends: 'a correctly signed known event with new fields in the envelope and in data (a string, a number, an object, an array)',
  needsProbe: false,
  gate: 'accepts',
  phase: 'main',
  sequentialSteps: () => 1,
  appliesTo: () => true,
  async run(ctx) {
    const event = ctx.events.event('business.status_changed');
    const extra = { livemode: false, requestContext: { source: 'dashboard', actorId: 'usr_5Ty8Ui2Op4As' }, tags: ['kyb', 'priority'] };
    const envelope = JSON.parse(serializeEvent(event, ctx.profile)) as Record<string, unknown>;
    Object.assign(envelope, extra);
    if (typeof envelope.data === 'object' && envelope.data !== null) {
      Object.assign(envelope.data, { riskScore: 12, registry: { country: 'DE', number: 'HRB 123456' }, aliases: ['Northwind GmbH'] });
    }
    const exchange = await ctx.deliver(ctx.signPayload({ payload: JSON.stringify(envelope), id: event.id, type: event.type }), { valid: true });
    return expectAccepted([{ label: `${event.type} with unknown fields`, exchange }], { what: 'unknown fields', fixWhenRefused: this.fix });
  },
});
