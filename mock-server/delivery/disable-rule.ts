// When the engine gives up on an endpoint that keeps failing. When each attempt happens (schedule,
// jitter, Retry-After and its cap) is in webhooks/retry-schedule.ts, shared with the docs.

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
 * Whether the disable rule trips after one more failure.
 * @example shouldDisable({ consecutiveFailures: 20, failingSinceMs: t0 }, t0 + 25 * 3600_000, DEFAULT_DISABLE_RULE) // true
 */
export function shouldDisable(state: { consecutiveFailures: number; failingSinceMs: number }, nowMs: number, rule: DisableRule): boolean {
  return state.consecutiveFailures >= rule.consecutiveFailures && nowMs - state.failingSinceMs >= rule.failingForMs;
}
