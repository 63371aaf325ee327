// transport.redirect: a redirect is a failed delivery, because the platform never follows one.
import { defineCheck } from '../check.js';
import { evidenceOf, verdictOf } from '../expect.js';

export const transportRedirect = defineCheck({
  id: 'transport.redirect',
  title: 'Answers at the configured URL without redirecting',
  why: 'The platform never follows redirects (a redirect could send signed events to another host): a 3xx answer is a failed delivery, retried until the endpoint is disabled.',
  fix: 'configure the exact URL that answers the POST (scheme, host, path and trailing slash as your framework routes them); an http→https or /webhooks→/webhooks/ redirect fails every delivery',
  sends: 'one correctly signed delivery',
  needsProbe: false,
  gate: 'none',
  phase: 'first',
  sequentialSteps: () => 1,
  appliesTo: () => true,
  async run(ctx) {
    const event = ctx.events.event('credential.issued');
    const exchange = await ctx.deliver(ctx.signEvent(event), { valid: true });
    const verdict = verdictOf(exchange);
    if (verdict === 'redirected') {
      const location = exchange.response?.headers.location;
      return {
        status: 'failed',
        message: `answered ${exchange.response?.status} to a valid delivery${location ? ` (Location: ${location})` : ''}; the platform does not follow redirects, so every delivery would fail`,
        hint: location ? `configure ${location} as the endpoint URL, or serve the webhook route without the redirect` : this.fix,
        evidence: [evidenceOf(exchange, 'valid delivery')],
      };
    }
    switch (verdict) {
      // No complete answer (nothing, or a status whose body never ended) is not an answer at the
      // configured URL either: skipped, like every delivery check the same fault starves, and
      // blamed once on signature.valid and latency.ack, never passed on a status line alone.
      case 'no_answer':
      case 'incomplete':
        return {
          status: 'skipped',
          message: `${verdict === 'incomplete' ? 'no complete answer' : 'no answer'} to a valid delivery (${exchange.response?.incomplete?.message ?? exchange.failure?.message ?? 'nothing came back'}), so it cannot tell whether the receiver redirects`,
          hint: 'see signature.valid and latency.ack',
        };
      case 'accepted':
      case 'rejected':
      case 'server_error':
      case 'unexpected':
        return { status: 'passed', message: `answered ${exchange.response?.status} at the configured URL, without a redirect` };
      default: {
        const never: never = verdict;
        throw new Error(`unknown verdict ${String(never)}`);
      }
    }
  },
});
