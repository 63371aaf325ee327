// ordering.out-of-order: one object's events, consecutive revisions, delivered shuffled.
import { defineCheck } from '../check.js';
import type { NativeEvent } from '../events.js';
import { expectAccepted, type Labelled } from '../expect.js';
import { deliverInSequence } from '../sequence.js';
import { skippedWithoutProbe } from './probe-readings.js';

/** A shuffle (injected randomness) in which the highest revision never arrives last, so that "last write wins" is caught. */
export function shuffleForOrdering<T>(items: readonly T[], random: () => number): T[] {
  const order = [...items];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  if (order.length > 1 && order[order.length - 1] === items[items.length - 1]) {
    [order[0], order[order.length - 1]] = [order[order.length - 1]!, order[0]!];
  }
  return order;
}

export const orderingOutOfOrder = defineCheck({
  id: 'ordering.out-of-order',
  title: 'Keeps the highest revision when events arrive out of order',
  why: 'Ordering is not guaranteed: retries and parallel deliveries reorder events. A receiver that applies whatever arrives last can end up showing a revoked credential as valid.',
  fix: 'store data.revision with the object and apply an event only if its revision is higher than the stored one (UPDATE … WHERE revision < :revision); otherwise acknowledge it and ignore it',
  sends: "5 events of one credential (revisions 1 to 5) in shuffled order, the highest not last",
  needsProbe: true,
  gate: 'accepts',
  phase: 'main',
  sequentialSteps: () => 5,
  appliesTo: (profile) =>
    profile.envelope.kind === 'native'
      ? true
      : `the ${profile.name} envelope carries no revision: receivers fetch the object's current state through the API instead of ordering deliveries, which the suite cannot observe`,
  async run(ctx) {
    const timeline = ctx.events.timeline();
    const order = shuffleForOrdering(timeline, ctx.random);
    // One after another, each after the previous answer: the receiver sees exactly this order.
    const sent: Labelled[] = await deliverInSequence(
      ctx,
      order.map((event) => ({ label: `${event.type} (revision ${event.data.revision})`, delivery: ctx.signEvent(event) })),
    );
    const arrival = order.map((e) => e.data.revision).join(', ');
    const acks = expectAccepted(sent, {
      what: `revisions in the order ${arrival}`,
      fixWhenRefused: 'acknowledge an event older than what you hold with a 2xx and ignore it; a 4xx/5xx makes the platform retry it',
    });
    if (acks.status === 'failed') return acks;
    const latest = timeline[timeline.length - 1] as NativeEvent;
    if (!ctx.probe) return skippedWithoutProbe(ctx, `acknowledged revisions ${arrival} of one credential`, 'which revision won');
    const probe = ctx.probe;
    const { object, id, revision, status } = latest.data;
    const reading = await probe.settle(
      () => probe.object(object, id),
      (r) => !r.ok || r.value?.revision === revision,
    );
    if (!reading.ok) return { status: 'failed', message: `the probe could not be read: ${reading.message}`, hint: 'make the probe answer GET {probe}/objects/{object}/{id} with 200 {"revision","status"} or 404' };
    if (reading.value === null) {
      return { status: 'failed', message: `the probe knows no ${object} ${id} after revisions ${arrival} were acknowledged`, hint: 'apply acknowledged events (and expose them on the probe under /objects/{data.object}/{data.id})' };
    }
    if (reading.value.revision !== revision || reading.value.status !== status) {
      return {
        status: 'failed',
        message: `after revisions arrived in the order ${arrival}, the receiver holds revision ${reading.value.revision} (status "${reading.value.status}"); revision ${revision} (status "${status}") must win`,
        hint: this.fix,
      };
    }
    return { status: 'passed', message: `revisions arrived in the order ${arrival}; revision ${revision} won` };
  },
});
