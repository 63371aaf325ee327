// handshake.challenge: the profile's endpoint verification (Certn: GET ?challenge=X → X as text/plain).
import { defineCheck } from '../check.js';
import { evidenceOf } from '../expect.js';

export const handshakeChallenge = defineCheck({
  id: 'handshake.challenge',
  title: 'Echoes the verification handshake exactly',
  why: 'The platform verifies a new endpoint with a challenge before sending any event; an endpoint that fails it gets no deliveries at all.',
  fix: 'answer GET <your url>?challenge=<value> with status 200, the value alone as the body, Content-Type: text/plain and X-Content-Type-Options: nosniff (Express: res.type("text/plain").set("X-Content-Type-Options", "nosniff").send(req.query.challenge))',
  sends: "the profile's verification request (GET ?challenge=<random value>)",
  needsProbe: false,
  gate: 'none',
  phase: 'first',
  sequentialSteps: () => 1,
  appliesTo: (profile) => (profile.handshake ? true : `the ${profile.name} profile has no verification handshake`),
  async run(ctx) {
    const handshake = ctx.profile.handshake;
    if (!handshake) return { status: 'skipped', message: 'no handshake in this profile' };
    // Letters and digits only: the value must come back byte for byte, whatever the framework does to query strings.
    const challenge = ctx.events.newId('');
    const url = new URL(ctx.url.href);
    url.searchParams.set(handshake.queryParameter, challenge);
    const exchange = await ctx.request({ method: handshake.method, url, headers: { accept: '*/*' } });
    const evidence = [evidenceOf(exchange, `handshake, ${handshake.queryParameter}=${challenge}`)];
    const fail = (message: string, hint?: string) => ({ status: 'failed' as const, message, evidence, ...(hint ? { hint } : {}) });
    const { response } = exchange;
    if (!response) return fail(`got no answer to the handshake (${exchange.failure?.message ?? 'nothing came back'})`);
    const limitMs = Math.min(handshake.timeoutInSeconds * 1000, ctx.budgetMs);
    if (response.status !== handshake.expectStatus) {
      return fail(`answered ${response.status} to the handshake; expected ${handshake.expectStatus}`, 'route GET requests of the webhook URL to a handler that answers 200 with the challenge value as a text/plain body and X-Content-Type-Options: nosniff');
    }
    const contentType = response.headers['content-type'] ?? '';
    const body = response.body;
    if (body !== challenge) {
      const html = /<[a-z!]/i.test(body) || /html/i.test(contentType);
      if (body.trim() === challenge) return fail('echoed the challenge with surrounding whitespace; the body must be exactly the value', 'send the value alone: no newline, no JSON quotes, no template');
      if (html) return fail(`echoed the challenge inside HTML (${contentType || 'no content type'}); the body must be exactly the value, as text/plain`, 'send the raw value with Content-Type: text/plain instead of rendering a page or template');
      if (body === '') return fail('answered the handshake with an empty body; the body must echo the challenge value', `read the "${handshake.queryParameter}" query parameter and send it back as the body`);
      if (body.includes(challenge)) return fail('wrapped the challenge in other text; the body must be exactly the value', 'send the value alone (e.g. not JSON-encoded: no quotes, no object)');
      return fail('answered the handshake with a body that is not the challenge value', `read the "${handshake.queryParameter}" query parameter and send it back as the body`);
    }
    const expectedType = handshake.expectContentType.toLowerCase();
    if (contentType.split(';')[0]?.trim().toLowerCase() !== expectedType) {
      return fail(`echoed the challenge with Content-Type "${contentType || '(none)'}"; expected ${handshake.expectContentType}`, `set Content-Type: ${handshake.expectContentType} on the handshake answer`);
    }
    for (const [name, value] of Object.entries(handshake.expectHeaders)) {
      const got = response.headers[name.toLowerCase()];
      if (got?.toLowerCase() !== value.toLowerCase()) {
        return fail(`echoed the challenge without ${name}: ${value}${got ? ` (got "${got}")` : ''}`, `set ${name}: ${value} on the handshake answer`);
      }
    }
    if (exchange.durationMs > limitMs) return fail(`echoed the challenge after ${Math.round(exchange.durationMs)} ms; the limit is ${limitMs} ms`, 'answer the handshake directly, without doing other work first');
    return { status: 'passed', message: `echoed the challenge as ${handshake.expectContentType} in ${Math.round(exchange.durationMs)} ms` };
  },
});

