// Shared judgements over probe readings: applied exactly once, and "no probe: skipped, never passed".
import type { CheckContext, CheckOutcome } from '../check.js';

/** The outcome when the 2xx part passed and the rest needs the probe that was not given. */
export function skippedWithoutProbe(ctx: CheckContext, accepted: string, needs: string): CheckOutcome {
  return {
    status: 'skipped',
    message: `${accepted}; ${needs} cannot be seen without a probe`,
    hint: 'pass --probe <url of your receiver\'s probe> to check it (see "The probe" in docs/guides/conformance-in-ci.md)',
  };
}

/**
 * Reads timesApplied of each event (with the settle time) and returns the events not applied
 * exactly once, or the probe's own failure.
 */
export async function notAppliedOnce(ctx: CheckContext, eventIds: readonly string[]): Promise<{ ok: true; wrong: { id: string; times: number }[] } | { ok: false; message: string }> {
  const probe = ctx.probe;
  if (!probe) return { ok: false, message: 'no probe' };
  // One reading at a time (each on its own short connection, see run.ts): a simple receiver (one
  // thread, a listen backlog of 5) must not be flooded by the probe. The settle time is shared by all events.
  const until = probe.settleDeadline();
  for (const id of eventIds) {
    // Wait until it was applied at least once; the confirming reading below comes after a moment,
    // so a receiver that acknowledges first and applies twice later does not pass by being slow.
    const first = await probe.settle(
      () => probe.timesApplied(id),
      (r) => !r.ok || (r.value ?? 0) >= 1,
      { until },
    );
    if (!first.ok) return { ok: false, message: first.message };
  }
  await ctx.sleep(QUIET_MS);
  const wrong: { id: string; times: number }[] = [];
  for (const id of eventIds) {
    const reading = await probe.timesApplied(id);
    if (!reading.ok) return { ok: false, message: reading.message };
    const times = reading.value ?? 0;
    if (times !== 1) wrong.push({ id, times });
  }
  return { ok: true, wrong };
}

/** How long to wait before the confirming reading of timesApplied. */
export const QUIET_MS = 50;
