import { describe, expect, it } from 'vitest';
import { parseRetryAfterMs } from './retry-after.js';

describe('parseRetryAfterMs', () => {
  it('reads delay-seconds', () => expect(parseRetryAfterMs(' 120 ', 0)).toBe(120_000));
  it('reads an HTTP date against the given clock; a past date is 0', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(parseRetryAfterMs('Sun, 22 Nov 2026 10:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfterMs('Sun, 22 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });
  it('ignores garbage, absence and numbers that are not delay-seconds', () => {
    for (const value of ['soon', '', '-5', '1.5', '1e3', undefined, null]) expect(parseRetryAfterMs(value, 0), String(value)).toBeUndefined();
  });
});
