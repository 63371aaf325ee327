// The one judge of handshake answers: the rules where HTTP leaves room. That the mock's engine judges
// with it too is in test/delivery/handshake-judge.test.ts.
import { describe, expect, it } from 'vitest';
import { profiles } from '../generated/profiles.js';
import { describeHandshakeFaults, handshakeRequirement, judgeHandshake, type HandshakeAnswer } from './handshake.js';

const handshake = profiles.certn.handshake!;
const challenge = 'c0ffee42';
const right: HandshakeAnswer = { status: 200, headers: { 'content-type': 'text/plain', 'x-content-type-options': 'nosniff' }, body: challenge, durationMs: 12 };
const parts = (answer: Partial<HandshakeAnswer>, limitMs?: number) => judgeHandshake(handshake, challenge, { ...right, ...answer }, limitMs).map((f) => f.part);

describe('judgeHandshake', () => {
  it('accepts the right answer, with a charset, in any case, with whitespace HTTP allows around values', () => {
    expect(parts({})).toEqual([]);
    expect(parts({ headers: { 'content-type': ' Text/Plain; charset=utf-8 ', 'x-content-type-options': ' NoSniff ' } })).toEqual([]);
    expect(parts({ headers: { 'content-type': ['text/plain'], 'x-content-type-options': ['nosniff'] } })).toEqual([]);
  });

  it('names each fault, in the order to fix them', () => {
    expect(parts({ status: 204 })).toEqual(['status 204 instead of 200']);
    expect(parts({ body: `${challenge}\n` })).toEqual(['whitespace around the challenge in the body']);
    expect(parts({ body: JSON.stringify({ challenge }) })).toEqual(['the challenge wrapped in other text']);
    expect(parts({ body: '' })).toEqual(['an empty body']);
    expect(parts({ headers: { 'content-type': 'text/html' }, body: `<p>${challenge}</p>` })).toEqual(['the challenge inside HTML', 'Content-Type "text/html" instead of text/plain', 'no X-Content-Type-Options: nosniff']);
    expect(parts({ durationMs: 10_001 })).toEqual(['answered after 10001 ms (limit 10000 ms)']);
    expect(parts({ durationMs: 600 }, 500)).toEqual(['answered after 600 ms (limit 500 ms)']);
  });

  it('merges header fixes into one hint', () => {
    const faults = judgeHandshake(handshake, challenge, { ...right, headers: {} });
    expect(describeHandshakeFaults(faults)).toEqual({
      message: 'answered the handshake with 2 faults: Content-Type "(none)" instead of text/plain; no X-Content-Type-Options: nosniff',
      hint: 'set Content-Type: text/plain and X-Content-Type-Options: nosniff on the handshake answer',
    });
  });

  it('says the rule in one sentence for the docs', () => {
    expect(handshakeRequirement(handshake)).toBe('Answer within 10 s with status 200, the challenge echoed as the exact body, Content-Type: text/plain and X-Content-Type-Options: nosniff.');
  });
});
