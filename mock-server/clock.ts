// The mock clock: platform time that runs at 1/timeScale of real speed and can be jumped forward.
// Everything time-based in the mock (expiry, case progress, retries) reads this clock, never Date.now.

/** The real-time effects the clock needs; tests inject fakes so nothing waits. */
export interface RealTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Options of {@link createMockClock}. */
export interface MockClockOptions {
  /** Real time source in ms (default Date.now). */
  now?: () => number;
  /** Real delay = mock delay × timeScale; 0.001 turns 5 mock minutes into 300 real ms (default 1). */
  timeScale?: number;
  /** Mock − real offset to resume from (persisted by the platform so a restart never rewinds). */
  offsetMs?: number;
  /** Real timers (default the global setTimeout/clearTimeout, unref'd). */
  timers?: RealTimers;
}

/** A handle to a pending {@link MockClock.at} callback. */
export interface ScheduledTimer {
  cancel(): void;
}

/** Mock time. See mock-server/README.md. */
export interface MockClock {
  /** Mock epoch ms. */
  now(): number;
  readonly timeScale: number;
  /** Jumps mock time forward by `ms` (≥ 0); due `at` callbacks run synchronously, then onAdvance listeners. */
  advance(ms: number): void;
  /** Called after every advance with the new mock time; returns an unsubscribe function. */
  onAdvance(listener: (nowMs: number) => void): () => void;
  /** Runs `fn` once when mock time reaches `mockMs` (immediately-ish if it already has). */
  at(mockMs: number, fn: () => void): ScheduledTimer;
  /** Mock − real offset at this instant, to persist. */
  offsetMs(): number;
  /** Cancels every pending timer (shutdown). */
  dispose(): void;
}

const defaultTimers: RealTimers = {
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    // A pending retry must not keep a finished test or CLI process alive.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

// setTimeout clamps anything above 2^31-1 ms to 1 ms; far timers re-arm in steps instead.
const MAX_REAL_DELAY_MS = 2_147_000_000;

/**
 * Creates a mock clock.
 * @example
 * const clock = createMockClock({ timeScale: 0.001 });
 * clock.at(clock.now() + 300_000, () => console.log('5 mock minutes later (300 real ms)'));
 * clock.advance(60_000); // one mock minute passes at once
 */
export function createMockClock({ now = Date.now, timeScale = 1, offsetMs = 0, timers = defaultTimers }: MockClockOptions = {}): MockClock {
  if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new RangeError(`timeScale must be a positive number; got ${timeScale}`);
  // mock(t) = anchorMock + (real(t) − anchorReal) / timeScale
  const anchorReal = now();
  let anchorMock = anchorReal + offsetMs;
  const mockNow = () => Math.floor(anchorMock + (now() - anchorReal) / timeScale);

  interface Pending {
    dueMs: number;
    fn: () => void;
    handle: unknown;
    done: boolean;
  }
  const pending = new Set<Pending>();
  const listeners = new Set<(nowMs: number) => void>();

  const fire = (p: Pending) => {
    if (p.done) return;
    p.done = true;
    pending.delete(p);
    if (p.handle !== undefined) timers.clearTimeout(p.handle);
    p.fn();
  };
  const arm = (p: Pending) => {
    if (p.handle !== undefined) timers.clearTimeout(p.handle);
    const realDelay = Math.max(0, Math.ceil((p.dueMs - mockNow()) * timeScale));
    p.handle = timers.setTimeout(() => {
      p.handle = undefined;
      // Real timers may fire a hair early after scaling; re-arm until mock time has truly arrived.
      if (mockNow() >= p.dueMs) fire(p);
      else arm(p);
    }, Math.min(realDelay, MAX_REAL_DELAY_MS));
  };

  return {
    now: mockNow,
    timeScale,
    advance(ms) {
      if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`advance() needs a finite ms ≥ 0; got ${ms}`);
      anchorMock += ms;
      const t = mockNow();
      const due = [...pending].filter((p) => p.dueMs <= t).sort((a, b) => a.dueMs - b.dueMs);
      for (const p of due) fire(p);
      for (const p of pending) arm(p);
      for (const l of listeners) l(t);
    },
    onAdvance(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    at(mockMs, fn) {
      const p: Pending = { dueMs: mockMs, fn, handle: undefined, done: false };
      pending.add(p);
      arm(p);
      return {
        cancel() {
          if (p.done) return;
          p.done = true;
          pending.delete(p);
          if (p.handle !== undefined) timers.clearTimeout(p.handle);
        },
      };
    },
    offsetMs: () => mockNow() - now(),
    dispose() {
      for (const p of pending) {
        p.done = true;
        if (p.handle !== undefined) timers.clearTimeout(p.handle);
      }
      pending.clear();
      listeners.clear();
    },
  };
}
