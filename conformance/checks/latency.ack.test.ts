import { describe, expect, it } from 'vitest';
import { fakeContext } from '../../test/conformance/fake-context.js';
import type { Exchange } from '../http.js';
import { latencyAck, latencyOf, OWN_DELIVERIES, percentile } from './latency.ack.js';

const request = { method: 'POST' as const, url: new URL('http://127.0.0.1:3000/webhooks'), headers: {}, body: '{}' };
const ok = (durationMs: number): Exchange => ({ request, response: { status: 200, headers: {}, body: '', truncated: false, timedOut: false }, durationMs });
const trickled: Exchange = {
  request,
  response: { status: 200, headers: {}, body: '...', truncated: true, timedOut: true, incomplete: { code: 'body_timeout', message: 'status 200 arrived, the body never ended within 600 ms' } },
  durationMs: 603,
};
const silent: Exchange = { request, failure: { code: 'timeout', message: 'no answer within 600 ms' }, durationMs: 601 };
const notSent: Exchange = { request, failure: { code: 'unresponsive', message: 'not sent: the receiver did not finish answering an earlier valid delivery within 600 ms' }, durationMs: 0 };

describe('latency.ack', () => {
  it('takes percentiles by nearest rank', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 95)).toBe(4);
    expect(percentile([], 50)).toBe(0);
  });

  it('measures only deliveries that were sent, and takes p50/p95/max over the answered ones (F2)', () => {
    const timing = latencyOf([ok(2), ok(4), ok(6), trickled, silent, notSent, notSent], 300);
    expect(timing.sent).toHaveLength(5);
    expect(timing.answered).toHaveLength(3);
    expect(timing.unanswered).toEqual([trickled, silent]);
    expect(timing.notSent).toBe(2);
    expect(timing.summary).toBe('p50 4.0 ms, p95 6.0 ms, max 6.0 ms over 3 answered deliveries (budget 300 ms)');
  });

  it('passes when every delivery was answered within the budget, with the statistics as its message', async () => {
    const outcome = await latencyAck.run(fakeContext({ budgetMs: 300, answer: () => ({ response: { status: 200 } }), validDeliveries: [ok(3), ok(5), ok(12)] }));
    expect(outcome).toEqual({ status: 'passed', message: 'p50 5.0 ms, p95 12 ms, max 12 ms over 3 answered deliveries (budget 300 ms)' });
  });

  it('counts a slow answer as late and reports it beside the statistics of the answered deliveries', async () => {
    const outcome = await latencyAck.run(fakeContext({ budgetMs: 300, answer: () => ({ response: { status: 200 } }), validDeliveries: [ok(3), ok(5), ok(450)] }));
    expect(outcome.status).toBe('failed');
    expect(outcome.message).toBe('1 of 3 valid deliveries were not answered within the 300 ms budget (1 answered late): p50 5.0 ms, p95 450 ms, max 450 ms over 3 answered deliveries (budget 300 ms)');
    expect(outcome.hint).toMatch(/^acknowledge with a 2xx right after/);
  });

  it('reports deliveries never answered and never sent apart, without inventing 0 ms answer times (F2, F4)', async () => {
    const outcome = await latencyAck.run(fakeContext({ budgetMs: 300, answer: () => ({ response: { status: 200 } }), validDeliveries: [trickled, silent, trickled, ...Array.from({ length: 68 }, () => notSent)] }));
    expect(outcome.status).toBe('failed');
    expect(outcome.message).toBe('3 of 3 valid deliveries were not answered within the 300 ms budget (3 never answered completely, 68 more not sent after the receiver stopped answering)');
    expect(outcome.message).not.toMatch(/0\.0 ms/);
    // The body that never ended gets its own fix before the general one.
    expect(outcome.hint).toMatch(/^end the response.*; acknowledge with a 2xx right after/);
    expect(outcome.evidence?.[0]?.received).toMatch(/no complete answer after 603 ms/);
  });

  it('sends deliveries of its own when fewer than three were sent, not counting those held back', async () => {
    const ctx = fakeContext({ budgetMs: 300, answer: () => ({ response: { status: 204 }, durationMs: 7 }), validDeliveries: [notSent, notSent, notSent] });
    const outcome = await latencyAck.run(ctx);
    expect(ctx.sent).toHaveLength(OWN_DELIVERIES);
    expect(outcome).toEqual({ status: 'passed', message: 'p50 7.0 ms, p95 7.0 ms, max 7.0 ms over 3 answered deliveries (budget 300 ms)' });
  });
});
