// When the next attempt of a failed delivery happens: the profile's schedule (data, in mock time),
// seeded jitter, Retry-After for the statuses that carry it, and when an endpoint is given up on.
import type { WireProfile } from '../../generated/profiles.js';

/** Statuses whose Retry-After header the engine honours (RFC 9110 §10.2.3 lets 503 carry it; 429 and gateways do in practice). */
export const RETRY_AFTER_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Longest Retry-After honoured (mock time): a receiver cannot park a delivery for longer than a day. */
export const MAX_RETRY_AFTER_MS = 24 * 3600 * 1000;

/**
 * The documented rule for sustained failure: an endpoint is disabled when at least
 * `consecutiveFailures` attempts in a row failed AND the first of them was at least `failingForMs`
 * (mock time) ago. Either alone is too eager: a burst of failures during a deploy, or one slow retry
 * ladder, must not disable an endpoint. A 410 answer disables at once, whatever this says.
 */
export interface DisableRule {
  readonly consecutiveFailures: number;
  readonly failingForMs: number;
}

/** The default: 20 failed attempts in a row spanning at least 24 mock hours (no success in between). */
export const DEFAULT_DISABLE_RULE: DisableRule = { consecutiveFailures: 20, failingForMs: 24 * 3600 * 1000 };

/**
 * The delay before attempt `failedAttempts + 1`, in mock ms, or null when the schedule is exhausted.
 * `failedAttempts` counts attempts made so far (1 after the first failure). Jitter is ±jitterRatio,
 * drawn from the seeded `random`.
 * @example nextRetryDelayMs(profiles.standard, 1, () => 0.5) // 5000 (5 s, no jitter at 0.5)
 */
export function nextRetryDelayMs(profile: WireProfile, failedAttempts: number, random: () => number): number | null {
  const seconds = profile.retry.scheduleInSeconds[failedAttempts - 1];
  if (seconds === undefined) return null;
  const jitter = 1 + profile.retry.jitterRatio * (2 * random() - 1);
  return Math.max(0, Math.round(seconds * 1000 * jitter));
}

/**
 * Reads Retry-After (delay-seconds or an HTTP-date) as a delay in ms, capped at {@link MAX_RETRY_AFTER_MS};
 * undefined when absent or unreadable. Seconds are taken as mock seconds (compressed like the schedule);
 * a date is measured against `realNowMs`.
 * @example parseRetryAfterMs('120', Date.now()) // 120000
 */
export function parseRetryAfterMs(value: string | undefined, realNowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  else {
    const date = Date.parse(text);
    if (Number.isNaN(date)) return undefined;
    ms = Math.max(0, date - realNowMs);
  }
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}

/**
 * Whether the disable rule trips after one more failure.
 * @example shouldDisable({ consecutiveFailures: 20, failingSinceMs: t0 }, t0 + 25 * 3600_000, DEFAULT_DISABLE_RULE) // true
 */
export function shouldDisable(state: { consecutiveFailures: number; failingSinceMs: number }, nowMs: number, rule: DisableRule): boolean {
  return state.consecutiveFailures >= rule.consecutiveFailures && nowMs - state.failingSinceMs >= rule.failingForMs;
}
