import { describe, expect, it } from 'vitest';
import { profiles } from '../../generated/profiles.js';
// @ts-ignore -- plain ESM module of the docs build (docs/ is outside the TypeScript project)
import { dedupeTtlInDays, retryAttempts, retryHorizonInSeconds, retryTimelineSvg } from './retry-schedule.mjs';

type Attempt = { attempt: number; delay: number; at: number; earliest: number; latest: number };

describe('retry schedule arithmetic', () => {
  it('places the first attempt at 0 and each retry one delay after the previous', () => {
    const attempts = retryAttempts(profiles.compliancely) as Attempt[];
    expect(attempts.map((a) => a.at)).toEqual([0, 180, 540]);
  });

  it('widens each attempt window by the jitter ratio and the response budget of earlier attempts', () => {
    const profile = { ...profiles.standard, retry: { ...profiles.standard.retry, scheduleInSeconds: [100, 1000], jitterRatio: 0.1 }, responseBudgetInSeconds: 10 };
    const [, second, third] = retryAttempts(profile) as Attempt[];
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

  it('recommends a dedupe TTL longer than every profile horizon, in whole days', () => {
    const all = Object.values(profiles);
    const days = dedupeTtlInDays(all) as number;
    const longest = Math.max(...all.map((p) => retryHorizonInSeconds(p) as number));
    expect(days * 86_400).toBeGreaterThan(longest);
    expect((days - 1) * 86_400).toBeGreaterThanOrEqual(longest); // one spare day, not more
  });

  it('draws one circle per attempt with an accessible title and description', () => {
    const svg = retryTimelineSvg(profiles.certn) as string;
    expect(svg.match(/<circle /g)).toHaveLength(profiles.certn.retry.scheduleInSeconds.length + 1);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<title id="timeline-certn-title">Retry timeline of the Certn profile');
    expect(svg).toContain('attempt 2 at 30 s');
  });
});
