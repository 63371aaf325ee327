import { describe, expect, it } from 'vitest';
import { fakeContext, type FakeAnswer } from '../../test/conformance/fake-context.js';
import type { OutgoingRequest } from '../http.js';
import { handshakeChallenge } from './handshake.challenge.js';

type Break = (answer: { status: number; body: string; headers: Record<string, string> }, challenge: string) => void;

/** Certn's handshake answered right (200, the value, text/plain, nosniff, at once), then broken by `breaks`. */
function echo(...breaks: Break[]) {
  return (request: OutgoingRequest): FakeAnswer => {
    const challenge = request.url.searchParams.get('challenge') ?? '';
    const answer = { status: 200, body: challenge, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' } as Record<string, string> };
    for (const b of breaks) b(answer, challenge);
    return { response: answer, durationMs: answer.headers['x-slow'] ? 1_500 : 3 };
  };
}
const htmlType: Break = (a) => void (a.headers['content-type'] = 'text/html; charset=utf-8');
const noNosniff: Break = (a) => void delete a.headers['x-content-type-options'];
const notFound: Break = (a) => void (a.status = 404);
const htmlPage: Break = (a, c) => void (a.body = `<html><body>${c}</body></html>`);
const slow: Break = (a) => void (a.headers['x-slow'] = '1');

const run = (...breaks: Break[]) => handshakeChallenge.run(fakeContext({ profile: 'certn', budgetMs: 1_000, answer: echo(...breaks) }));

describe('handshake.challenge', () => {
  it('passes an exact echo as text/plain with nosniff, in time', async () => {
    expect(await run()).toMatchObject({ status: 'passed', message: 'echoed the challenge as text/plain in 3 ms' });
  });

  it.each([
    ['the content type', [htmlType], 'echoed the challenge with Content-Type "text/html; charset=utf-8"; expected text/plain', /^set Content-Type: text\/plain on the handshake answer$/],
    ['nosniff', [noNosniff], 'echoed the challenge without X-Content-Type-Options: nosniff', /^set X-Content-Type-Options: nosniff on the handshake answer$/],
    ['the status', [notFound], 'answered 404 to the handshake; expected 200', /route GET requests/],
    ['the time', [slow], 'echoed the challenge after 1500 ms; the limit is 1000 ms', /answer the handshake directly/],
  ] as const)('names a single fault (%s) on its own', async (_name, breaks, message, hint) => {
    const outcome = await run(...breaks);
    expect(outcome.status).toBe('failed');
    expect(outcome.message).toBe(message);
    expect(outcome.hint).toMatch(hint);
  });

  it("lists both faults of Flask's default answer (text/html, no nosniff) in one message and one hint (F3)", async () => {
    const outcome = await run(htmlType, noNosniff);
    expect(outcome.status).toBe('failed');
    expect(outcome.message).toBe('answered the handshake with 2 faults: Content-Type "text/html; charset=utf-8" instead of text/plain; no X-Content-Type-Options: nosniff');
    expect(outcome.hint).toBe('set Content-Type: text/plain and X-Content-Type-Options: nosniff on the handshake answer');
  });

  it('lists every fault at once: status, body, content type, nosniff and time', async () => {
    const outcome = await run(notFound, htmlPage, htmlType, noNosniff, slow);
    expect(outcome.message).toMatch(/^answered the handshake with 5 faults: status 404 instead of 200; the challenge inside HTML; Content-Type "text\/html; charset=utf-8" instead of text\/plain; no X-Content-Type-Options: nosniff; answered after 1500 ms \(limit 1000 ms\)$/);
    for (const fix of [/route GET requests/, /send the raw value/, /set Content-Type: text\/plain and X-Content-Type-Options: nosniff/, /answer the handshake directly/]) expect(outcome.hint).toMatch(fix);
  });

  it('fails a 200 whose body never ended without judging the partial body', async () => {
    const outcome = await handshakeChallenge.run(
      fakeContext({ profile: 'certn', answer: () => ({ response: { status: 200, body: 'ab', truncated: true, timedOut: true, incomplete: { code: 'body_timeout', message: 'status 200 arrived, the body never ended within 2000 ms' } }, durationMs: 2_001 }) }),
    );
    expect(outcome).toMatchObject({ status: 'failed', message: 'got no complete answer to the handshake (status 200 arrived, the body never ended within 2000 ms)' });
    expect(outcome.hint).toMatch(/^end the response/);
  });
});
