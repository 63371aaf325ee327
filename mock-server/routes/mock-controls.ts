// Mock-only controls under /_mock/ (outside the contract; documented in docs/guides/mock-platform.md).
// No API key: they exist only on the local mock, behind the HTTP transport's Host/Origin guard, and
// state-changing ones require Content-Type: application/json (platform.ts). Errors are still problem+json.
import { ApiProblem } from '../problem.js';
import { route, type RouteDefinition } from '../route.js';
import type { MockPlatformContext } from '../context.js';

/** Resets all state (objects, events, timers, idempotency keys and plugin tables). Set by the platform. */
export type ResetFn = () => void;

const clockBody = (p: MockPlatformContext) => ({
  object: 'mock_clock',
  now: new Date(p.clock.now()).toISOString(),
  nowMs: p.clock.now(),
  timeScale: p.clock.timeScale,
  pendingTimers: p.scheduler.pending(),
});

// One year per call: a jump runs every transition that falls due before it answers (synchronously,
// SQLite is), so an unbounded jump over many scheduled objects could hold the server for seconds.
// Call it again to go further.
const MAX_ADVANCE_SECONDS = 365 * 24 * 3600;

/** The /_mock/ routes; `reset` comes from the platform, which knows every table. */
export function mockControlRoutes(reset: ResetFn): readonly RouteDefinition[] {
  return [
    route({ method: 'GET', path: '/_mock/clock', operationId: 'mockGetClock', contract: false, handler: (_req, p) => ({ status: 200, body: clockBody(p) }) }),
    route({
      method: 'POST',
      path: '/_mock/clock/advance',
      operationId: 'mockAdvanceClock',
      contract: false,
      handler({ body }, p) {
        const seconds = (body as { seconds?: unknown } | undefined)?.seconds;
        if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_ADVANCE_SECONDS) {
          throw new ApiProblem('validation-error', {
            detail: `Send {"seconds": n} with 0 ≤ n ≤ ${MAX_ADVANCE_SECONDS} (one year) per call; advance again to go further.`,
            errors: [{ pointer: '/body/seconds', message: `must be a number of seconds between 0 and ${MAX_ADVANCE_SECONDS}` }],
          });
        }
        const lastSeq = lastEventSeq(p);
        p.clock.advance(Math.round(seconds * 1000));
        p.scheduler.runDue();
        return { status: 200, body: { ...clockBody(p), eventsRecorded: lastEventSeq(p) - lastSeq } };
      },
    }),
    route({
      method: 'POST',
      path: '/_mock/reset',
      operationId: 'mockReset',
      contract: false,
      handler(_req, p) {
        reset();
        return { status: 200, body: { object: 'mock_reset', reset: true, now: new Date(p.clock.now()).toISOString() } };
      },
    }),
    route({ method: 'GET', path: '/_mock/health', operationId: 'mockHealth', contract: false, handler: () => ({ status: 200, body: { ok: true } }) }),
  ];
}

function lastEventSeq(p: MockPlatformContext): number {
  return (p.db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM events').get() as { seq: number }).seq;
}
