// Retry-After (RFC 9110 §10.2.3), read once for everything in credkit that waits on it: the API
// client's retries and the mock's delivery engine (which caps it; webhooks/retry-schedule.ts).

/**
 * The wait a Retry-After value asks for, in ms: delay-seconds, or an HTTP-date measured against
 * `nowMs` (a date in the past is 0). Undefined when absent or unreadable, so the caller falls back
 * to its own backoff.
 * @example parseRetryAfterMs('120', Date.now()) // 120000
 * @example parseRetryAfterMs('Sun, 22 Nov 2026 10:01:00 GMT', Date.parse('2026-11-22T10:00:00Z')) // 60000
 */
export function parseRetryAfterMs(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP-date always names its weekday or month in letters; a bare number with a sign or a dot is not one.
  if (!/[A-Za-z]/.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
