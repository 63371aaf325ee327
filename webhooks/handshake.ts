// The verification handshake of profiles that have one (certn: GET <url>?challenge=X must answer
// 200 with exactly X as a text/plain body and X-Content-Type-Options: nosniff, in time), judged in
// one place. The mock's delivery engine, the conformance suite and the docs all read these rules
// from here, so a receiver that passes the suite passes the mock's handshake and does what the docs
// say (they used to differ: the engine trimmed header values, the suite did not; the suite lower-
// cased the expected content type, the engine did not; only the suite had a time limit).
//
// The rules, where HTTP leaves room: header values are compared without surrounding whitespace and
// case-insensitively (RFC 9110 §5.5 strips optional whitespace; media types and `nosniff` are
// case-insensitive tokens); parameters of the content type (`; charset=utf-8`) are allowed; the body
// must be the challenge byte for byte, since that is what proves the receiver read it.
import type { WireProfile } from '../generated/profiles.js';

/** A profile's handshake. */
export type Handshake = NonNullable<WireProfile['handshake']>;

/** The parts of a handshake answer that are judged. Header names in lower case, as node gives them. */
export interface HandshakeAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The body as text ('' when empty). */
  readonly body: string;
  /** Real ms from sending to the end of the answer. */
  readonly durationMs: number;
}

/** One thing wrong with a handshake answer: the sentence when it is the only fault, the phrase in a list, the fix. */
export interface HandshakeFault {
  readonly alone: string;
  readonly part: string;
  readonly hint: string;
  /** A header to set (content type, nosniff): such fixes merge into one "set A and B" hint. */
  readonly setHeader?: string;
}

const headerText = (v: string | readonly string[] | undefined): string | undefined => (v === undefined ? undefined : typeof v === 'string' ? v : v.join(', '));

/**
 * Every fault of a complete handshake answer, in the order an integrator would fix them: status,
 * body, content type, required headers, time. Empty when the answer is right. `limitMs` defaults to
 * the profile's handshake timeout.
 *
 * @example judgeHandshake(profiles.certn.handshake!, 'abc', { status: 200, body: 'abc', headers: {}, durationMs: 5 }) // [content type, nosniff]
 */
export function judgeHandshake(handshake: Handshake, challenge: string, answer: HandshakeAnswer, limitMs = handshake.timeoutInSeconds * 1000): HandshakeFault[] {
  const faults: HandshakeFault[] = [];
  if (answer.status !== handshake.expectStatus) {
    faults.push({
      alone: `answered ${answer.status} to the handshake; expected ${handshake.expectStatus}`,
      part: `status ${answer.status} instead of ${handshake.expectStatus}`,
      hint: `route GET requests of the webhook URL to a handler that answers ${handshake.expectStatus} with the challenge value as a ${handshake.expectContentType} body`,
    });
  }
  const contentType = headerText(answer.headers['content-type'])?.trim() ?? '';
  const { body } = answer;
  if (handshake.expectBody === 'echo' && body !== challenge) faults.push(bodyFault(handshake, challenge, body, contentType));
  if (contentType.split(';')[0]!.trim().toLowerCase() !== handshake.expectContentType.toLowerCase()) {
    faults.push({
      alone: `echoed the challenge with Content-Type "${contentType || '(none)'}"; expected ${handshake.expectContentType}`,
      part: `Content-Type "${contentType || '(none)'}" instead of ${handshake.expectContentType}`,
      hint: `set Content-Type: ${handshake.expectContentType} on the handshake answer`,
      setHeader: `Content-Type: ${handshake.expectContentType}`,
    });
  }
  for (const [name, value] of Object.entries(handshake.expectHeaders)) {
    const got = headerText(answer.headers[name.toLowerCase()])?.trim();
    if (got?.toLowerCase() !== value.toLowerCase()) {
      faults.push({
        alone: `echoed the challenge without ${name}: ${value}${got ? ` (got "${got}")` : ''}`,
        part: got ? `${name} "${got}" instead of ${value}` : `no ${name}: ${value}`,
        hint: `set ${name}: ${value} on the handshake answer`,
        setHeader: `${name}: ${value}`,
      });
    }
  }
  if (answer.durationMs > limitMs) {
    faults.push({
      alone: `echoed the challenge after ${Math.round(answer.durationMs)} ms; the limit is ${limitMs} ms`,
      part: `answered after ${Math.round(answer.durationMs)} ms (limit ${limitMs} ms)`,
      hint: 'answer the handshake directly, without doing other work first',
    });
  }
  return faults;
}

function bodyFault(handshake: Handshake, challenge: string, body: string, contentType: string): HandshakeFault {
  const param = handshake.queryParameter;
  if (body.trim() === challenge) {
    return { alone: 'echoed the challenge with surrounding whitespace; the body must be exactly the value', part: 'whitespace around the challenge in the body', hint: 'send the value alone: no newline, no JSON quotes, no template' };
  }
  if ((/<[a-z!]/i.test(body) || /html/i.test(contentType)) && body.includes(challenge)) {
    return { alone: `echoed the challenge inside HTML (${contentType || 'no content type'}); the body must be exactly the value, as ${handshake.expectContentType}`, part: 'the challenge inside HTML', hint: 'send the raw value instead of rendering a page or template' };
  }
  if (body === '') {
    return { alone: 'answered the handshake with an empty body; the body must echo the challenge value', part: 'an empty body', hint: `read the "${param}" query parameter and send it back as the body` };
  }
  if (body.includes(challenge)) {
    return { alone: 'wrapped the challenge in other text; the body must be exactly the value', part: 'the challenge wrapped in other text', hint: 'send the value alone (e.g. not JSON-encoded: no quotes, no object)' };
  }
  return { alone: 'answered the handshake with a body that is not the challenge value', part: 'a body that is not the challenge value', hint: `read the "${param}" query parameter and send it back as the body` };
}

/**
 * The faults as one message and one hint: the sentence of a single fault, or all of them in a list
 * (an integrator who fixes the content type should not learn about nosniff on the next run).
 * @example describeHandshakeFaults(faults) // { message: 'answered the handshake with 2 faults: …', hint: 'set Content-Type: text/plain and X-Content-Type-Options: nosniff on the handshake answer' }
 */
export function describeHandshakeFaults(faults: readonly HandshakeFault[]): { message: string; hint: string } {
  if (faults.length === 1) return { message: faults[0]!.alone, hint: faults[0]!.hint };
  const headers = faults.flatMap((f) => (f.setHeader ? [f.setHeader] : []));
  const others = faults.filter((f) => !f.setHeader).map((f) => f.hint);
  const set = headers.length > 0 ? [`set ${headers.join(' and ')} on the handshake answer`] : [];
  return { message: `answered the handshake with ${faults.length} faults: ${faults.map((f) => f.part).join('; ')}`, hint: [...new Set([...others, ...set])].join('; ') };
}

/**
 * What a right answer is, in one sentence (the docs render it).
 * @example handshakeRequirement(profiles.certn.handshake!) // 'Answer within 10 s with status 200, the challenge echoed as the exact body, Content-Type: text/plain and X-Content-Type-Options: nosniff.'
 */
export function handshakeRequirement(handshake: Handshake): string {
  const headers = [`Content-Type: ${handshake.expectContentType}`, ...Object.entries(handshake.expectHeaders).map(([k, v]) => `${k}: ${v}`)];
  const body = handshake.expectBody === 'echo' ? ', the challenge echoed as the exact body' : '';
  return `Answer within ${handshake.timeoutInSeconds} s with status ${handshake.expectStatus}${body}, ${headers.join(' and ')}.`;
}
