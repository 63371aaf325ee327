import { describe, expect, it } from 'vitest';
import { profiles } from '../../generated/profiles.js';
import { DEFAULT_DISABLE_RULE, MAX_RETRY_AFTER_MS, nextRetryDelayMs, parseRetryAfterMs, shouldDisable } from './retry-schedule.js';

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

describe('parseRetryAfterMs', () => {
  it('reads delay-seconds', () => expect(parseRetryAfterMs('120', 0)).toBe(120_000));
  it('reads an HTTP date against the real clock', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(parseRetryAfterMs('Sun, 22 Nov 2026 10:01:00 GMT', now)).toBe(60_000);
  });
  it('caps a huge value at a day', () => expect(parseRetryAfterMs('99999999', 0)).toBe(MAX_RETRY_AFTER_MS));
  it('ignores garbage and absence', () => {
    expect(parseRetryAfterMs('soon', 0)).toBeUndefined();
    expect(parseRetryAfterMs(undefined, 0)).toBeUndefined();
  });
});

describe('shouldDisable', () => {
  const t0 = 1_000_000;
  it('needs both enough failures in a row and enough time failing', () => {
    expect(shouldDisable({ consecutiveFailures: 20, failingSinceMs: t0 }, t0 + DEFAULT_DISABLE_RULE.failingForMs, DEFAULT_DISABLE_RULE)).toBe(true);
    expect(shouldDisable({ consecutiveFailures: 19, failingSinceMs: t0 }, t0 + DEFAULT_DISABLE_RULE.failingForMs * 10, DEFAULT_DISABLE_RULE)).toBe(false);
    expect(shouldDisable({ consecutiveFailures: 500, failingSinceMs: t0 }, t0 + 60_000, DEFAULT_DISABLE_RULE)).toBe(false);
  });
});
