// The sender's one wake-up timer: when it has sent everything due, it sleeps until the earliest
// queued delivery that was not due yet.
import type { MockClock, ScheduledTimer } from '../clock.js';

/** A wake-up timer over the outbox. */
export interface WakeUp {
  /**
   * Arms the timer for the earliest next attempt after `lookedAtMs`: the mock time the sender's last
   * due-query used. Keeps an earlier timer that is already armed.
   */
  arm(lookedAtMs: number): void;
  cancel(): void;
}

/** Options of {@link createWakeUp}. */
export interface WakeUpOptions {
  clock: MockClock;
  /** The earliest next_attempt_ms of any sendable delivery strictly after `afterMs`, or null. */
  nextDueAfter(afterMs: number): number | null;
  /** Runs once when the timer fires (the sender looks for due work again). */
  onWake(): void;
}

/**
 * Creates the wake-up timer.
 *
 * The cut-off is the time of the due-query, never a fresh clock read. With a fresh read, a delivery
 * that became due between the query ("nothing due") and the read ("nothing after now") was in
 * neither set: a pause of a few real ms there (a busy machine, a GC) at --time-scale 0.001 left a
 * retry unsent until something else woke the engine (issue 15, item 7b). A timer armed for a
 * moment already past fires at once.
 *
 * @example const wake = createWakeUp({ clock, nextDueAfter, onWake: pump }); const t = clock.now(); if (nothingDue(t)) wake.arm(t);
 */
export function createWakeUp({ clock, nextDueAfter, onWake }: WakeUpOptions): WakeUp {
  let timer: ScheduledTimer | undefined;
  let timerAtMs = Infinity;
  return {
    arm(lookedAtMs) {
      const next = nextDueAfter(lookedAtMs);
      if (next === null) return;
      if (timer && timerAtMs <= next) return;
      timer?.cancel();
      timerAtMs = next;
      timer = clock.at(next, () => {
        timer = undefined;
        timerAtMs = Infinity;
        onWake();
      });
    },
    cancel() {
      timer?.cancel();
      timer = undefined;
      timerAtMs = Infinity;
    },
  };
}
