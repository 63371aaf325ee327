import { describe, expect, it } from 'vitest';
import { createMockClock, type RealTimers } from './clock.js';

/** Fake real time and timers: `tick(ms)` moves real time and fires what is due. */
function fakeReal(start = 1_000_000) {
  let now = start;
  let nextId = 1;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timers: RealTimers = {
    setTimeout: (fn, ms) => (pending.set(nextId, { at: now + ms, fn }), nextId++),
    clearTimeout: (id) => void pending.delete(id as number),
  };
  const tick = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = [...pending.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      pending.delete(due[0]);
      now = Math.max(now, due[1].at);
      due[1].fn();
    }
    now = end;
  };
  return { now: () => now, timers, tick, pending };
}

describe('mock clock', () => {
  it('runs at 1/timeScale of real speed: 5 mock minutes take 300 real ms at 0.001', () => {
    const real = fakeReal();
    const clock = createMockClock({ now: real.now, timers: real.timers, timeScale: 0.001 });
    const t0 = clock.now();
    let firedAt: number | undefined;
    clock.at(t0 + 300_000, () => (firedAt = clock.now()));
    real.tick(299);
    expect(firedAt).toBeUndefined();
    real.tick(1);
    expect(firedAt).toBe(t0 + 300_000);
  });

  it('fires due timers synchronously inside advance, in due order, then notifies listeners', () => {
    const real = fakeReal();
    const clock = createMockClock({ now: real.now, timers: real.timers });
    const t0 = clock.now();
    const order: string[] = [];
    clock.at(t0 + 2000, () => order.push('b'));
    clock.at(t0 + 1000, () => order.push('a'));
    clock.at(t0 + 9000, () => order.push('late'));
    clock.onAdvance((now) => order.push(`advanced to +${now - t0}`));
    clock.advance(5000);
    expect(order).toEqual(['a', 'b', 'advanced to +5000']);
    // The remaining timer is re-armed for the shorter real delay left (4 s, not 9 s).
    real.tick(4000);
    expect(order.at(-1)).toBe('late');
  });

  it('a cancelled timer never fires', () => {
    const real = fakeReal();
    const clock = createMockClock({ now: real.now, timers: real.timers });
    let fired = false;
    clock.at(clock.now() + 10, () => (fired = true)).cancel();
    clock.advance(1000);
    real.tick(1000);
    expect(fired).toBe(false);
  });

  it('resumes from a persisted offset instead of rewinding', () => {
    const real = fakeReal();
    const first = createMockClock({ now: real.now, timers: real.timers });
    first.advance(3_600_000);
    const offset = first.offsetMs();
    const second = createMockClock({ now: real.now, timers: real.timers, offsetMs: offset });
    expect(second.now()).toBe(first.now());
  });

  it('rejects a non-positive time scale and a negative advance', () => {
    expect(() => createMockClock({ timeScale: 0 })).toThrow(RangeError);
    expect(() => createMockClock().advance(-1)).toThrow(RangeError);
  });
});
