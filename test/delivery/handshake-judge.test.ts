// The mock's delivery engine judges handshake answers with webhooks/handshake.ts, the function the
// conformance suite uses: what one passes, the other passes, in the same words.
import { describe, expect, it } from 'vitest';
import { profiles } from '../../generated/profiles.js';
import { runHandshake } from '../../mock-server/delivery/handshake.js';
import type { HttpOutcome, HttpSender } from '../../mock-server/delivery/http-sender.js';
import { describeHandshakeFaults, judgeHandshake, type HandshakeAnswer } from '../../webhooks/handshake.js';

const handshake = profiles.certn.handshake!;
const challenge = 'c0ffee42';
const right: HandshakeAnswer = { status: 200, headers: { 'content-type': 'text/plain', 'x-content-type-options': 'nosniff' }, body: challenge, durationMs: 12 };

describe("the mock's engine judges with it", () => {
  const senderAnswering = (answer: HandshakeAnswer): HttpSender => ({
    send: async () => ({ statusCode: answer.status, latencyMs: answer.durationMs, error: null, excerpt: answer.body, headers: answer.headers as HttpOutcome['headers'], body: answer.body }) satisfies HttpOutcome,
    close() {},
  });
  const engineVerdict = (answer: HandshakeAnswer) => runHandshake({ sender: senderAnswering(answer), profile: profiles.certn, url: 'http://127.0.0.1:9/hooks', challenge });

  it('passes what the judge passes and fails with the judge’s words otherwise (a late answer included)', async () => {
    expect(await engineVerdict({ ...right, headers: { 'content-type': 'TEXT/PLAIN', 'x-content-type-options': 'nosniff' } })).toEqual({ ok: true });
    const late = { ...right, durationMs: 10_500 };
    expect(await engineVerdict(late)).toEqual({ ok: false, reason: `handshake failed: ${describeHandshakeFaults(judgeHandshake(handshake, challenge, late)).message}` });
    expect(await engineVerdict({ ...right, body: ` ${challenge}` })).toEqual({ ok: false, reason: 'handshake failed: echoed the challenge with surrounding whitespace; the body must be exactly the value' });
  });
});
