import { describe, expect, it } from 'vitest';
import { DEFAULT_DISABLE_RULE, shouldDisable } from './disable-rule.js';

describe('shouldDisable', () => {
  const t0 = 1_000_000;
  it('needs both enough failures in a row and enough time failing', () => {
    expect(shouldDisable({ consecutiveFailures: 20, failingSinceMs: t0 }, t0 + DEFAULT_DISABLE_RULE.failingForMs, DEFAULT_DISABLE_RULE)).toBe(true);
    expect(shouldDisable({ consecutiveFailures: 19, failingSinceMs: t0 }, t0 + DEFAULT_DISABLE_RULE.failingForMs * 10, DEFAULT_DISABLE_RULE)).toBe(false);
    expect(shouldDisable({ consecutiveFailures: 500, failingSinceMs: t0 }, t0 + 60_000, DEFAULT_DISABLE_RULE)).toBe(false);
  });
});
