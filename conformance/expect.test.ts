import { describe, expect, it } from 'vitest';
import { describeReceived, expectAccepted, expectRejected, verdictOf, type Labelled } from './expect.js';
import type { Exchange, ReceivedResponse } from './http.js';

const request = { method: 'POST' as const, url: new URL('http://127.0.0.1:3000/webhooks'), headers: { 'webhook-id': 'evt_1' }, body: '{}' };

/** A complete answer; tests break one thing in it. */
function answered(status: number, response: Partial<ReceivedResponse> = {}, durationMs = 4): Exchange {
  return { request, response: { status, headers: {}, body: '', truncated: false, timedOut: false, ...response }, durationMs };
}

/** "200, then a body that never ended": the F4 receiver. */
function trickled(status = 200): Exchange {
  return answered(status, { body: '...', truncated: true, timedOut: true, incomplete: { code: 'body_timeout', message: `status ${status} arrived, the body never ended within 600 ms` } }, 603);
}

const one = (exchange: Exchange): Labelled[] => [{ label: 'valid credential.issued', exchange }];

describe('what an answer means', () => {
  it('reads a complete 2xx as accepted, 4xx as rejected, 3xx as redirected, 5xx as a server error', () => {
    expect([204, 404, 307, 503, 102].map((s) => verdictOf(answered(s)))).toEqual(['accepted', 'rejected', 'redirected', 'server_error', 'unexpected']);
    expect(verdictOf({ request, failure: { code: 'timeout', message: 'no answer within 600 ms' }, durationMs: 600 })).toBe('no_answer');
  });

  it('reads a status whose body never ended as incomplete, whatever the status said', () => {
    expect(verdictOf(trickled(200))).toBe('incomplete');
    expect(verdictOf(trickled(400))).toBe('incomplete');
  });

  it('fails a 2xx whose body never ended where a 2xx is expected, naming the status, the limit and the fix', () => {
    expect(expectAccepted(one(answered(200)), { what: 'correctly signed', fixWhenRefused: 'fix it' }).status).toBe('passed');
    const outcome = expectAccepted(one(trickled()), { what: 'correctly signed', fixWhenRefused: 'fix it' });
    expect(outcome.status).toBe('failed');
    expect(outcome.message).toBe('got no complete answer (status 200 arrived, the body never ended within 600 ms) to valid credential.issued; expected a 2xx');
    expect(outcome.hint).toMatch(/^end the response/);
    expect(outcome.hint).toMatch(/do not stream an acknowledgement/);
  });

  it('does not count a 4xx whose body never ended as a rejection', () => {
    expect(expectRejected(one(answered(401)), { what: 'tampered', fixWhenAccepted: 'verify' }).status).toBe('passed');
    const outcome = expectRejected(one(trickled(401)), { what: 'tampered', fixWhenAccepted: 'verify' });
    expect(outcome.status).toBe('failed');
    expect(outcome.message).toMatch(/^got no complete answer \(status 401 arrived/);
    expect(outcome.hint).toMatch(/^end the response/);
  });

  it('shows an incomplete answer as such in the evidence, with what came of the body', () => {
    expect(describeReceived(answered(200, { body: 'ok' }))).toBe('200 after 4 ms: ok');
    expect(describeReceived(trickled())).toBe('no complete answer after 603 ms (status 200 arrived, the body never ended within 600 ms); body so far: ...');
  });
});
