// When the database refuses to record attempts (a full disk, a read-only file), the sender pauses
// instead of sending the same deliveries again at full speed: nothing it sends could be recorded,
// and every send would reach the receiver once more. The deliveries stay due in the database
// (their write rolled back), so they go out again once writes succeed: at least once, never lost.

/** Real ms the sender waits after a failed write before it tries again. */
export const WRITE_RETRY_DELAY_MS = 1000;

/** The sender's pause after a failed write. */
export interface WriteBackoff {
  /** True while the sender must not start attempts. */
  readonly paused: boolean;
  /** A write failed: says so (one line, with the error's hint) and pauses; `resume` runs after the delay. */
  failed(err: unknown, what: string): void;
  /** Ends a pause early (stop, reset). */
  cancel(): void;
}

/**
 * Creates the pause.
 * @example const backoff = createWriteBackoff({ log: ctx.logger.error, resume: pump }); try { write() } catch (err) { backoff.failed(err, 'record 3 attempts') }
 */
export function createWriteBackoff({ log, resume, delayMs = WRITE_RETRY_DELAY_MS }: { log: (line: string) => void; resume: () => void; delayMs?: number }): WriteBackoff {
  let timer: NodeJS.Timeout | undefined;
  return {
    get paused() {
      return timer !== undefined;
    },
    failed(err, what) {
      const e = err as Error & { hint?: unknown };
      const hint = typeof e.hint === 'string' ? ` (${e.hint})` : '';
      log(`delivery engine: could not ${what}: ${e.message}${hint}; those deliveries stay queued, sending again in ${delayMs / 1000} s`);
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        resume();
      }, delayMs);
      timer.unref?.();
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
