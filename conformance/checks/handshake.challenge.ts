// handshake.challenge: the profile's endpoint verification (Certn: GET ?challenge=X → X as text/plain).
import type { WireProfile } from '../../generated/profiles.js';
import { defineCheck } from '../check.js';
import { evidenceOf, hintForVerdict } from '../expect.js';
import type { ReceivedResponse } from '../http.js';

/** One thing wrong with a handshake answer: the sentence when it is the only fault, the phrase in a list, the fix. */
export interface HandshakeFault {
  readonly alone: string;
  readonly part: string;
  readonly hint: string;
  /** A header to set (content type, nosniff): such fixes are merged into one "set A and B" hint. */
  readonly setHeader?: string;
}

/**
 * Every fault of a complete handshake answer, in the order an integrator would fix them: status,
 * body, content type, required headers, time. Empty when the answer is right.
 *
 * @example handshakeFaults(profiles.certn.handshake!, 'abc', { status: 200, body: 'abc', headers: {}, … }, 5, 10_000) // [content type, nosniff]
 */
export function handshakeFaults(
  handshake: NonNullable<WireProfile['handshake']>,
  challenge: string,
  response: Pick<ReceivedResponse, 'status' | 'headers' | 'body'>,
  durationMs: number,
  limitMs: number,
): HandshakeFault[] {
  const faults: HandshakeFault[] = [];
  if (response.status !== handshake.expectStatus) {
    faults.push({
      alone: `answered ${response.status} to the handshake; expected ${handshake.expectStatus}`,
      part: `status ${response.status} instead of ${handshake.expectStatus}`,
      hint: `route GET requests of the webhook URL to a handler that answers ${handshake.expectStatus} with the challenge value as a ${handshake.expectContentType} body`,
    });
  }
  const contentType = response.headers['content-type'] ?? '';
  const body = response.body;
  if (body !== challenge) {
    const html = /<[a-z!]/i.test(body) || /html/i.test(contentType);
    const param = handshake.queryParameter;
    if (body.trim() === challenge) {
      faults.push({ alone: 'echoed the challenge with surrounding whitespace; the body must be exactly the value', part: 'whitespace around the challenge in the body', hint: 'send the value alone: no newline, no JSON quotes, no template' });
    } else if (html && body.includes(challenge)) {
      faults.push({ alone: `echoed the challenge inside HTML (${contentType || 'no content type'}); the body must be exactly the value, as text/plain`, part: 'the challenge inside HTML', hint: 'send the raw value instead of rendering a page or template' });
    } else if (body === '') {
      faults.push({ alone: 'answered the handshake with an empty body; the body must echo the challenge value', part: 'an empty body', hint: `read the "${param}" query parameter and send it back as the body` });
    } else if (body.includes(challenge)) {
      faults.push({ alone: 'wrapped the challenge in other text; the body must be exactly the value', part: 'the challenge wrapped in other text', hint: 'send the value alone (e.g. not JSON-encoded: no quotes, no object)' });
    } else {
      faults.push({ alone: 'answered the handshake with a body that is not the challenge value', part: 'a body that is not the challenge value', hint: `read the "${param}" query parameter and send it back as the body` });
    }
  }
  if (contentType.split(';')[0]?.trim().toLowerCase() !== handshake.expectContentType.toLowerCase()) {
    faults.push({
      alone: `echoed the challenge with Content-Type "${contentType || '(none)'}"; expected ${handshake.expectContentType}`,
      part: `Content-Type "${contentType || '(none)'}" instead of ${handshake.expectContentType}`,
      hint: `set Content-Type: ${handshake.expectContentType} on the handshake answer`,
      setHeader: `Content-Type: ${handshake.expectContentType}`,
    });
  }
  for (const [name, value] of Object.entries(handshake.expectHeaders)) {
    const got = response.headers[name.toLowerCase()];
    if (got?.toLowerCase() !== value.toLowerCase()) {
      faults.push({
        alone: `echoed the challenge without ${name}: ${value}${got ? ` (got "${got}")` : ''}`,
        part: got ? `${name} "${got}" instead of ${value}` : `no ${name}: ${value}`,
        hint: `set ${name}: ${value} on the handshake answer`,
        setHeader: `${name}: ${value}`,
      });
    }
  }
  if (durationMs > limitMs) {
    faults.push({
      alone: `echoed the challenge after ${Math.round(durationMs)} ms; the limit is ${limitMs} ms`,
      part: `answered after ${Math.round(durationMs)} ms (limit ${limitMs} ms)`,
      hint: 'answer the handshake directly, without doing other work first',
    });
  }
  return faults;
}

/** One hint for several faults: the headers to set in one phrase, the other fixes after it. */
function combineHints(faults: readonly HandshakeFault[]): string {
  const headers = faults.flatMap((f) => (f.setHeader ? [f.setHeader] : []));
  const others = faults.filter((f) => !f.setHeader).map((f) => f.hint);
  const set = headers.length > 0 ? [`set ${headers.join(' and ')} on the handshake answer`] : [];
  return [...new Set([...others, ...set])].join('; ');
}

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
    if (response.incomplete) return fail(`got no complete answer to the handshake (${response.incomplete.message})`, hintForVerdict('incomplete'));
    const faults = handshakeFaults(handshake, challenge, response, exchange.durationMs, Math.min(handshake.timeoutInSeconds * 1000, ctx.budgetMs));
    const [first] = faults;
    if (first === undefined) return { status: 'passed', message: `echoed the challenge as ${handshake.expectContentType} in ${Math.round(exchange.durationMs)} ms` };
    // Every fault at once: an integrator who fixes the content type should not learn about nosniff on the next run.
    if (faults.length === 1) return fail(first.alone, first.hint);
    return fail(`answered the handshake with ${faults.length} faults: ${faults.map((f) => f.part).join('; ')}`, combineHints(faults));
  },
});

