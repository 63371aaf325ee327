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
    if (verdict === 'no_answer') {
      return { status: 'skipped', message: `no answer to a valid delivery (${exchange.failure?.message ?? 'nothing came back'}), so it cannot tell whether the receiver redirects`, hint: 'see signature.valid and latency.ack' };
    }
    return { status: 'passed', message: `answered ${exchange.response?.status} at the configured URL, without a redirect` };
  },
});
