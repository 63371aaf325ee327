// When attempts happen: the profile's schedule with jitter, Retry-After and its cap, the horizon and
// the dedupe advice the docs render. One module, used by the mock's engine and the docs alike.
import { describe, expect, it } from 'vitest';
import { profiles } from '../generated/profiles.js';
import { dedupeTtlInDays, MAX_RETRY_AFTER_IN_SECONDS, nextRetryDelayMs, retryAfterDelayMs, retryAttempts, retryHorizonInSeconds } from './retry-schedule.js';

describe('nextRetryDelayMs', () => {
  it('follows the profile schedule exactly when the jitter draw is in the middle', () => {
    const delays = profiles.standard.retry.scheduleInSeconds.map((_, i) => nextRetryDelayMs(profiles.standard, i + 1, () => 0.5));
    expect(delays).toEqual(profiles.standard.retry.scheduleInSeconds.map((s) => s * 1000));
  });

  it('stays within ± jitterRatio of the scheduled delay', () => {
    const { jitterRatio, scheduleInSeconds } = profiles.certn.retry;
    expect(nextRetryDelayMs(profiles.certn, 1, () => 0)).toBe(Math.round(scheduleInSeconds[0]! * 1000 * (1 - jitterRatio)));
    expect(nextRetryDelayMs(profiles.certn, 1, () => 0.999999)).toBeLessThanOrEqual(Math.round(scheduleInSeconds[0]! * 1000 * (1 + jitterRatio)));
  });

  it('gives up after the last step of the schedule', () => {
    expect(nextRetryDelayMs(profiles.compliancely, 2, () => 0.5)).toBe(360_000);
    expect(nextRetryDelayMs(profiles.compliancely, 3, () => 0.5)).toBeNull();
  });
});

describe('retryAfterDelayMs', () => {
  it('honours Retry-After only on 429, 502, 503 and 504, capped at a day', () => {
    expect(retryAfterDelayMs(503, 120_000)).toBe(120_000);
    expect(retryAfterDelayMs(429, 10 * 86_400_000)).toBe(MAX_RETRY_AFTER_IN_SECONDS * 1000);
    expect(retryAfterDelayMs(500, 120_000)).toBeUndefined();
    expect(retryAfterDelayMs(null, 120_000)).toBeUndefined();
    expect(retryAfterDelayMs(503, undefined)).toBeUndefined();
  });
});

describe('retryAttempts and the horizon', () => {
  it('places the first attempt at 0 and each retry one delay after the previous', () => {
    expect(retryAttempts(profiles.compliancely).map((a) => a.at)).toEqual([0, 180, 540]);
  });

  it('widens each attempt window by the jitter ratio and the response budget of earlier attempts', () => {
    const profile = { ...profiles.standard, retry: { ...profiles.standard.retry, scheduleInSeconds: [100, 1000], jitterRatio: 0.1 }, responseBudgetInSeconds: 10 };
    const [, second, third] = retryAttempts(profile);
    expect(second?.at).toBe(100);
    expect(second?.earliest).toBeCloseTo(90, 9);
    expect(second?.latest).toBeCloseTo(120, 9);
    expect(third?.at).toBe(1100);
    expect(third?.earliest).toBeCloseTo(90 + 900, 9);
    expect(third?.latest).toBeCloseTo(120 + 10 + 1100, 9);
  });

  it('ends the horizon one response budget after the latest possible last attempt', () => {
    const profile = { ...profiles.compliancely, responseBudgetInSeconds: 10 };
    // no jitter: 180 + 360, plus the budgets of the two earlier attempts and of the last one
    expect(retryHorizonInSeconds(profile)).toBe(540 + 20 + 10);
  });

  it('counts a Retry-After of up to a day in place of every scheduled delay', () => {
    const profile = { ...profiles.compliancely, responseBudgetInSeconds: 10 };
    expect(retryHorizonInSeconds(profile, { withRetryAfter: true })).toBe(2 * MAX_RETRY_AFTER_IN_SECONDS + 20 + 10);
    // stripe: the schedule ends after about 3.5 days, a receiver answering Retry-After: 86400 stretches it past 10
    expect(retryHorizonInSeconds(profiles.stripe) / 86_400).toBeLessThan(4);
    expect(retryHorizonInSeconds(profiles.stripe, { withRetryAfter: true }) / 86_400).toBeGreaterThan(10);
  });

  it('recommends a dedupe TTL longer than every horizon, Retry-After included, in whole days', () => {
    const all = Object.values(profiles);
    const days = dedupeTtlInDays(all);
    const longest = Math.max(...all.map((p) => retryHorizonInSeconds(p, { withRetryAfter: true })));
    expect(days * 86_400).toBeGreaterThan(longest);
    expect((days - 1) * 86_400).toBeGreaterThanOrEqual(longest); // one spare day, not more
  });
});
