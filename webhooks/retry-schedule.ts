// When a delivery's attempts happen under a wire profile, written once: the profile's schedule
// (spec/profiles/*.yaml `retry`) with its jitter, the Retry-After a receiver may ask for, the cap on
// that, and the horizon after which no attempt of an event can arrive. The mock's delivery engine
// schedules with it, the docs render the timelines and the "remember ids for" advice from it, and a
// receiver can size its dedupe store with it.
import type { WireProfile } from '../generated/profiles.js';

/** Statuses whose Retry-After the platform honours (RFC 9110 §10.2.3 lets 503 carry it; 429 and gateways do in practice). */
export const RETRY_AFTER_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Longest Retry-After honoured per attempt: a receiver cannot park a delivery for longer than a day. */
export const MAX_RETRY_AFTER_IN_SECONDS = 24 * 3600;

const DAY_IN_SECONDS = 86_400;

/**
 * The delay before attempt `failedAttempts + 1`, in ms of (mock) time, or null when the schedule is
 * exhausted. `failedAttempts` counts attempts made so far (1 after the first failure). Jitter is
 * ±jitterRatio, drawn from `random`.
 * @example nextRetryDelayMs(profiles.standard, 1, () => 0.5) // 5000 (5 s, no jitter at 0.5)
 */
export function nextRetryDelayMs(profile: WireProfile, failedAttempts: number, random: () => number): number | null {
  const seconds = profile.retry.scheduleInSeconds[failedAttempts - 1];
  if (seconds === undefined) return null;
  const jitter = 1 + profile.retry.jitterRatio * (2 * random() - 1);
  return Math.max(0, Math.round(seconds * 1000 * jitter));
}

/**
 * The wait a receiver's Retry-After asks for, capped at {@link MAX_RETRY_AFTER_IN_SECONDS}; undefined
 * when the status does not carry one or the value is unreadable (then the schedule's delay applies).
 * @example retryAfterDelayMs(503, 120_000) // 120000
 */
export function retryAfterDelayMs(status: number | null, askedMs: number | undefined): number | undefined {
  if (status === null || !RETRY_AFTER_STATUSES.has(status) || askedMs === undefined) return undefined;
  return Math.min(Math.max(0, askedMs), MAX_RETRY_AFTER_IN_SECONDS * 1000);
}

/** One attempt of an event, in seconds after the first: as scheduled, and the window jitter and slow answers allow. */
export interface RetryAttempt {
  readonly attempt: number;
  /** The scheduled delay before it (0 for the first). */
  readonly delay: number;
  readonly at: number;
  readonly earliest: number;
  /** With full jitter and every earlier attempt using its whole response budget. */
  readonly latest: number;
  /** As `latest`, when the receiver also answers each failure with the longest Retry-After honoured. */
  readonly latestWithRetryAfter: number;
}

/**
 * Every attempt of one event under a profile: attempt 1 at t = 0, then one per delay of the schedule.
 * @example retryAttempts(profiles.compliancely).map((a) => a.at) // [0, 180, 540]
 */
export function retryAttempts(profile: WireProfile): RetryAttempt[] {
  const { scheduleInSeconds, jitterRatio } = profile.retry;
  const budget = profile.responseBudgetInSeconds;
  const attempts: RetryAttempt[] = [{ attempt: 1, delay: 0, at: 0, earliest: 0, latest: 0, latestWithRetryAfter: 0 }];
  for (const [i, delay] of scheduleInSeconds.entries()) {
    const prev = attempts[i]!;
    const jittered = delay * (1 + jitterRatio);
    attempts.push({
      attempt: i + 2,
      delay,
      at: prev.at + delay,
      earliest: prev.earliest + delay * (1 - jitterRatio),
      latest: prev.latest + budget + jittered,
      // A Retry-After replaces the scheduled delay (shorter or longer), up to the cap.
      latestWithRetryAfter: prev.latestWithRetryAfter + budget + Math.max(jittered, MAX_RETRY_AFTER_IN_SECONDS),
    });
  }
  return attempts;
}

/**
 * The latest moment, in seconds after the first attempt, an attempt of one event can still arrive:
 * on the profile's schedule, or (`withRetryAfter`) when the receiver answers every failure with the
 * longest Retry-After the platform honours.
 * @example retryHorizonInSeconds(profiles.standard) // ≈ 109 300 (about 30 h)
 */
export function retryHorizonInSeconds(profile: WireProfile, { withRetryAfter = false }: { withRetryAfter?: boolean } = {}): number {
  const last = retryAttempts(profile).at(-1)!;
  return (withRetryAfter ? last.latestWithRetryAfter : last.latest) + profile.responseBudgetInSeconds;
}

/**
 * How long a receiver should remember event ids: the longest horizon of any of `all`, counting
 * Retry-After (a receiver that answers 503 with `Retry-After: 86400` stretches its own retries),
 * rounded up to whole days, plus one day for a delivery an operator replays by hand.
 * @example dedupeTtlInDays(Object.values(profiles))
 */
export function dedupeTtlInDays(all: readonly WireProfile[]): number {
  const longest = Math.max(...all.map((p) => retryHorizonInSeconds(p, { withRetryAfter: true })));
  return Math.ceil(longest / DAY_IN_SECONDS) + 1;
}
