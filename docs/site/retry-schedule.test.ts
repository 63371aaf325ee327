import { describe, expect, it } from 'vitest';
import { profiles } from '../../generated/profiles.js';
// @ts-ignore -- plain ESM module of the docs build (docs/ is outside the TypeScript project)
import { retryTimelineSvg } from './retry-schedule.mjs';

// The arithmetic is webhooks/retry-schedule.ts (tested there); the docs only draw it.
describe('retry timeline', () => {
  it('draws one circle per attempt with an accessible title and description', () => {
    const svg = retryTimelineSvg(profiles.certn) as string;
    expect(svg.match(/<circle /g)).toHaveLength(profiles.certn.retry.scheduleInSeconds.length + 1);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<title id="timeline-certn-title">Retry timeline of the Certn profile');
    expect(svg).toContain('attempt 2 at 30 s');
  });
});
