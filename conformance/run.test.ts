import { describe, expect, it } from 'vitest';
import { ConformanceError } from './errors.js';
import { getCheck } from './catalog.js';
import { checkLimitMs, MAIN_PARALLELISM, resolveConformanceOptions, runUpperBoundMs } from './run.js';

const base = { url: 'http://127.0.0.1:3000/webhooks', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' };

function rejects(options: Record<string, unknown>): ConformanceError {
  try {
    resolveConformanceOptions({ ...base, ...options } as never);
  } catch (err) {
    return err as ConformanceError;
  }
  throw new Error('expected a ConformanceError');
}

describe('resolving options', () => {
  it('fills in the profile budget, a request limit a little past it, and the burst size', () => {
    const o = resolveConformanceOptions(base);
    expect(o.profile.name).toBe('standard');
    expect(o.budgetMs).toBe(10_000);
    expect(o.requestTimeoutMs).toBe(15_000);
    expect(resolveConformanceOptions({ ...base, budgetMs: 300 }).requestTimeoutMs).toBe(600);
    expect(o.concurrency).toBe(50);
    expect(o.checks).toHaveLength(17);
  });

  it('selects checks with --only and --skip', () => {
    expect(resolveConformanceOptions({ ...base, only: ['signature.valid', 'load.burst'] }).checks.map((c) => c.id)).toEqual(['signature.valid', 'load.burst']);
    expect(resolveConformanceOptions({ ...base, skip: ['load.burst'] }).checks.map((c) => c.id)).not.toContain('load.burst');
  });

  it.each([
    [{ url: 'not a url' }, /is not a URL/],
    [{ url: 'ftp://x/y' }, /http\(s\) URL/],
    [{ secret: '  ' }, /secret is empty/],
    [{ only: ['signature.vaild'] }, /unknown check "signature\.vaild"/],
    [{ only: ['load.burst'], skip: ['load.burst'] }, /no check left/],
    [{ budgetMs: 0 }, /--budget-ms must be a whole number/],
    [{ concurrency: 2.5 }, /--concurrency must be a whole number/],
    [{ profile: 'paypal' }, /unknown profile "paypal"/],
  ])('rejects %j with an invalid_option and a hint', (options, message) => {
    const err = rejects(options);
    expect(err).toBeInstanceOf(ConformanceError);
    expect(err.code).toBe('invalid_option');
    expect(err.message).toMatch(message);
    expect(err.hint.length).toBeGreaterThan(5);
    expect(err.message).not.toContain(base.secret);
  });

  it('bounds a run by its phases: the handshake, the first checks, the main pool, the burst and the summary', () => {
    const o = resolveConformanceOptions({ ...base, budgetMs: 100, probe: 'http://127.0.0.1:3000/_probe', settleMs: 100 });
    const limits = (phase: string) => o.checks.filter((c) => c.phase === phase && c.id !== 'handshake.challenge').map((c) => checkLimitMs(c, o));
    const main = limits('main');
    const expected =
      2 * o.connectTimeoutMs +
      checkLimitMs(getCheck('handshake.challenge'), o) +
      Math.max(...limits('first')) +
      Math.ceil(main.reduce((a, b) => a + b, 0) / MAIN_PARALLELISM) +
      Math.max(...main) +
      Math.max(...limits('burst')) +
      Math.max(...limits('last'));
    expect(runUpperBoundMs(o)).toBe(expected);
    // ordering.out-of-order: five steps 100 ms apart at most, one request limit, the probe's settle time and readings.
    expect(checkLimitMs(getCheck('ordering.out-of-order'), o)).toBe(4 * 100 + 200 + 100 + 50 + 4 * 200 + 250);
  });
});
