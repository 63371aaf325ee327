// latency.ack: every valid delivery of the run was answered within the response budget.
import { defineCheck } from '../check.js';
import { evidenceOf, hintForVerdict, verdictOf } from '../expect.js';
import { completeResponse, type Exchange } from '../http.js';

/** The value at a percentile (nearest rank) of sorted numbers. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** How many valid deliveries latency.ack sends itself when the run made fewer (e.g. with --only latency.ack). */
export const OWN_DELIVERIES = 3;

export const latencyAck = defineCheck({
  id: 'latency.ack',
  title: 'Answers every valid delivery within the response budget',
  why: 'The platform waits a limited time (10 s by default) for an answer; a slower answer counts as a failure and the event is delivered again, so slow receivers see duplicates and, eventually, a disabled endpoint.',
  fix: 'acknowledge with a 2xx right after verifying and recording the event, and do the work afterwards (a queue, a background job or setImmediate); never call other services or run long transactions before answering',
  sends: 'nothing of its own: it measures every valid delivery of the run (3 more if the run made fewer)',
  needsProbe: false,
  gate: 'delivers',
  phase: 'last',
  sequentialSteps: () => 1,
  appliesTo: () => true,
  async run(ctx) {
    if (sentOnly(ctx.validDeliveries).length < OWN_DELIVERIES) {
      await Promise.all(Array.from({ length: OWN_DELIVERIES }, () => ctx.deliver(ctx.signEvent(ctx.events.event('credential.verified')), { valid: true })));
    }
    const timing = latencyOf(ctx.validDeliveries, ctx.budgetMs);
    if (timing.sent.length === 0) {
      return { status: 'skipped', message: 'no valid delivery was sent, so there is no answer time to judge', hint: 'see signature.valid' };
    }
    if (timing.late.length + timing.unanswered.length === 0) return { status: 'passed', message: timing.summary };
    // The worst first: deliveries never answered, then the slowest answers.
    const worst = [...timing.unanswered, ...[...timing.late].sort((a, b) => b.durationMs - a.durationMs)];
    const incomplete = timing.unanswered.some((e) => verdictOf(e) === 'incomplete');
    const counts = [
      ...(timing.late.length > 0 ? [`${timing.late.length} answered late`] : []),
      ...(timing.unanswered.length > 0 ? [`${timing.unanswered.length} never answered completely`] : []),
      ...(timing.notSent > 0 ? [`${timing.notSent} more not sent after the receiver stopped answering`] : []),
    ];
    return {
      status: 'failed',
      message: `${timing.late.length + timing.unanswered.length} of ${timing.sent.length} valid deliveries were not answered within the ${ctx.budgetMs} ms budget (${counts.join(', ')})${timing.answered.length > 0 ? `: ${timing.summary}` : ''}`,
      hint: incomplete ? `${hintForVerdict('incomplete')}; ${this.fix}` : this.fix,
      evidence: worst.slice(0, 2).map((e) => evidenceOf(e, 'valid delivery')),
    };
  },
});

/** The valid deliveries that went out: those the circuit breaker held back ("not sent") are not measured. */
function sentOnly(deliveries: readonly Exchange[]): Exchange[] {
  return deliveries.filter((e) => e.failure?.code !== 'unresponsive');
}

/** The answer times of a run's valid deliveries, as latency.ack judges and reports them. */
export interface LatencySummary {
  /** Deliveries that went out (the breaker's "not sent" ones excluded). */
  readonly sent: readonly Exchange[];
  /** Sent, with a complete answer (any status): the percentiles are taken over these. */
  readonly answered: readonly Exchange[];
  /** Sent, never answered completely (no answer, a dropped connection, a body that never ended). */
  readonly unanswered: readonly Exchange[];
  /** Answered, but after the budget. */
  readonly late: readonly Exchange[];
  /** Valid deliveries the circuit breaker held back: never sent, never measured. */
  readonly notSent: number;
  /** p50/p95/max over the answered deliveries and the budget, in one line. */
  readonly summary: string;
}

/**
 * Splits valid deliveries into answered, unanswered and late, and states p50/p95/max over the
 * answered ones only: an unanswered delivery has no answer time (counting it as 0 ms, or as the
 * request limit, would invent one), so it is counted apart.
 *
 * @example latencyOf(ctx.validDeliveries, 10_000).summary // 'p50 3.1 ms, p95 12 ms, max 15 ms over 24 answered deliveries (budget 10000 ms)'
 */
export function latencyOf(deliveries: readonly Exchange[], budgetMs: number): LatencySummary {
  const sent = sentOnly(deliveries);
  const answered = sent.filter((e) => completeResponse(e) !== undefined);
  const unanswered = sent.filter((e) => completeResponse(e) === undefined);
  const late = answered.filter((e) => e.durationMs > budgetMs);
  const sorted = answered.map((e) => e.durationMs).sort((a, b) => a - b);
  const stats =
    sorted.length > 0
      ? `p50 ${fmt(percentile(sorted, 50))}, p95 ${fmt(percentile(sorted, 95))}, max ${fmt(sorted[sorted.length - 1]!)} over ${sorted.length} answered ${sorted.length === 1 ? 'delivery' : 'deliveries'}`
      : 'no delivery answered completely';
  return { sent, answered, unanswered, late, notSent: deliveries.length - sent.length, summary: `${stats} (budget ${budgetMs} ms)` };
}

function fmt(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}
