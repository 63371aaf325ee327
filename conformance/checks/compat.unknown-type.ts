// compat.unknown-type: an event type this contract version does not have yet.
import { defineCheck } from '../check.js';
import { expectAccepted } from '../expect.js';

/** A plausible future event type, and its name in a profile that renames types (Certn's codes). */
export const FUTURE_EVENT_TYPE = 'credential.suspended';

export const compatUnknownType = defineCheck({
  id: 'compat.unknown-type',
  title: 'Acknowledges event types it does not know',
  why: 'New event types are added without a new API version. A receiver that fails on an unknown type makes the platform retry it for hours and may get the endpoint disabled, losing the events it does know.',
  fix: 'answer 2xx to any verified event whose type you do not handle and ignore it (a `default:` branch that logs and returns); never 4xx/5xx on an unknown type',
  sends: `a correctly signed event of a type that does not exist yet (${FUTURE_EVENT_TYPE})`,
  needsProbe: false,
  gate: 'accepts',
  phase: 'main',
  sequentialSteps: () => 1,
  appliesTo: () => true,
  async run(ctx) {
    const event = ctx.events.event('credential.revoked');
    event.type = FUTURE_EVENT_TYPE;
    event.data.status = 'suspended';
    let payload: string;
    if (ctx.profile.envelope.kind === 'certn') {
      payload = JSON.stringify({ id: event.id, event_type: 'CREDENTIAL_SUSPENDED', object_id: event.data.id, object_type: 'CREDENTIAL' });
    } else {
      payload = JSON.stringify(event);
    }
    const exchange = await ctx.deliver(ctx.signPayload({ payload, id: event.id, type: FUTURE_EVENT_TYPE }), { valid: true });
    return expectAccepted([{ label: `unknown type ${FUTURE_EVENT_TYPE}`, exchange }], { what: 'unknown event type', fixWhenRefused: this.fix });
  },
});
