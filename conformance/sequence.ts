// Deliveries in a fixed order without paying a slow receiver's full answer time at every step.
import type { CheckContext } from './check.js';
import type { Labelled } from './expect.js';
import type { SignedDelivery } from './signing.js';

/** The longest a step waits for the previous answer before sending the next delivery anyway. */
export const MAX_STAGGER_MS = 1_000;

/** The stagger between two steps for a response budget: min(budget, 1 s). */
export function staggerMs(budgetMs: number): number {
  return Math.min(budgetMs, MAX_STAGGER_MS);
}

/** One delivery of a sequence. */
export interface SequencedDelivery {
  readonly label: string;
  readonly delivery: SignedDelivery;
  /** Whether it is a valid delivery (counted by latency.ack); default true. */
  readonly valid?: boolean;
}

/**
 * Sends deliveries one step after another (a step is one delivery, or several that land at the
 * same moment through ctx.deliverTogether), so that simple receivers (one thread, a short listen
 * backlog) see a few connections at a time: each step starts when the previous one was answered,
 * or after min(budget, 1 s) if it was not. A fast receiver sees a strict sequence; a slow one still
 * sees the steps arrive in order, a second apart, and the run does not wait its full answer time per step.
 *
 * @example const sent = await deliverInSequence(ctx, order.map((e) => ({ label: e.type, delivery: ctx.signEvent(e) })));
 */
export async function deliverInSequence(ctx: CheckContext, steps: readonly (SequencedDelivery | readonly SequencedDelivery[])[]): Promise<Labelled[]> {
  const stagger = staggerMs(ctx.budgetMs);
  const pending: Promise<Labelled[]>[] = [];
  for (const step of steps) {
    const sent: Promise<Labelled[]> = isGroup(step)
      ? ctx.deliverTogether(step.map(({ delivery, valid = true }) => ({ delivery, valid }))).then((exchanges) => exchanges.map((exchange, i) => ({ label: step[i]!.label, exchange })))
      : ctx.deliver(step.delivery, { valid: step.valid ?? true }).then((exchange) => [{ label: step.label, exchange }]);
    pending.push(sent);
    await Promise.race([sent, ctx.sleep(stagger)]);
  }
  return (await Promise.all(pending)).flat();
}

// Array.isArray does not narrow a readonly array out of a union.
function isGroup(step: SequencedDelivery | readonly SequencedDelivery[]): step is readonly SequencedDelivery[] {
  return Array.isArray(step);
}
