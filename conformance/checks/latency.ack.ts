// latency.ack: every valid delivery of the run was answered within the response budget.
import { defineCheck } from '../check.js';
import { evidenceOf } from '../expect.js';
import type { Exchange } from '../http.js';

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
    if (ctx.validDeliveries.length < OWN_DELIVERIES) {
      await Promise.all(Array.from({ length: OWN_DELIVERIES }, () => ctx.deliver(ctx.signEvent(ctx.events.event('credential.verified')), { valid: true })));
    }
    const all: readonly Exchange[] = ctx.validDeliveries;
    const answered = all.filter((e) => e.response !== undefined && !e.response.timedOut);
    const sorted = all.map((e) => e.durationMs).sort((a, b) => a - b);
    const stats = `p50 ${fmt(percentile(sorted, 50))}, p95 ${fmt(percentile(sorted, 95))}, max ${fmt(sorted[sorted.length - 1] ?? 0)} over ${all.length} valid deliveries (budget ${ctx.budgetMs} ms)`;
    const late = all.filter((e) => e.durationMs > ctx.budgetMs || e.response === undefined || e.response.timedOut);
    if (late.length > 0) {
      const unanswered = all.length - answered.length;
      const slowest = [...late].sort((a, b) => b.durationMs - a.durationMs);
      return {
        status: 'failed',
        message: `${late.length} of ${all.length} valid deliveries were not answered within the ${ctx.budgetMs} ms budget${unanswered ? ` (${unanswered} not answered completely at all)` : ''}: ${stats}`,
        hint: this.fix,
        evidence: slowest.slice(0, 2).map((e) => evidenceOf(e, 'valid delivery')),
      };
    }
    return { status: 'passed', message: stats };
  },
});

function fmt(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}
