// Screening cases and their checks, advancing over mock time:
//   case pending → in_progress (first check starts; input claims generated) [→ action_required → in_progress]
//   → completed when every check ended → report ready a little later.
//   check pending → in_progress → completed (clear | consider) or failed.
import type { MockPlatformContext } from '../context.js';
import { ApiProblem } from '../problem.js';
import type { StoredObject } from '../store.js';
import { assertTransition, bump, iso, type Machine } from './machine.js';

/** Case statuses. */
export type CaseStatus = 'pending' | 'in_progress' | 'action_required' | 'completed' | 'cancelled';
/** Check statuses. */
export type CheckStatus = 'pending' | 'in_progress' | 'completed' | 'failed' | 'cancelled';
type Result = 'clear' | 'consider' | null;

/** The case state machine. */
export const caseMachine: Machine<CaseStatus, 'start' | 'requireAction' | 'resume' | 'complete' | 'cancel'> = {
  start: { from: ['pending'], to: 'in_progress', event: 'case.status_changed' },
  requireAction: { from: ['in_progress'], to: 'action_required', event: 'case.status_changed' },
  resume: { from: ['action_required'], to: 'in_progress', event: 'case.status_changed' },
  complete: { from: ['in_progress'], to: 'completed', event: 'case.status_changed' },
  cancel: { from: ['pending', 'in_progress', 'action_required'], to: 'cancelled', event: 'case.status_changed' },
};

/** The check state machine. */
export const checkMachine: Machine<CheckStatus, 'start' | 'complete' | 'fail'> = {
  start: { from: ['pending'], to: 'in_progress', event: 'check.status_changed' },
  complete: { from: ['in_progress'], to: 'completed', event: 'check.status_changed' },
  fail: { from: ['in_progress'], to: 'failed', event: 'check.status_changed' },
};

/**
 * Mock-time pacing and outcome odds of the simulation: data, so docs and tests read the same numbers.
 * Seconds are [min, max] drawn from the seeded random source.
 */
export const caseTiming = {
  startAfterSeconds: [5, 20],
  checkStartSpreadSeconds: [0, 30],
  checkDurationSeconds: [60, 300],
  actionRequiredSeconds: [60, 180],
  reportAfterSeconds: [10, 60],
  considerProbability: 0.2,
  failProbability: 0.05,
  actionRequiredProbability: 0.25,
} as const;

/** A stored case. */
export interface Case extends StoredObject {
  object: 'case';
  status: CaseStatus;
  result: Result;
  candidate: { name: string; email: string };
  checkTypes: string[];
  reference: string | null;
  reportReady: boolean;
  inputClaimsCount: number;
  completedAt: string | null;
  /** Internal: the report once generated; the API serves it at /report. */
  report?: CaseReport;
}

/** A stored check. */
export interface Check extends StoredObject {
  object: 'check';
  caseId: string;
  type: string;
  status: CheckStatus;
  result: Result;
  completedAt: string | null;
}

/** The case report (CaseReport). */
export interface CaseReport {
  object: 'case_report';
  id: string;
  caseId: string;
  result: 'clear' | 'consider';
  generatedAt: string;
  summary: string;
  checks: { checkId: string; type: string; status: CheckStatus; result: Result }[];
}

const A = { start: 'case.start', checkStart: 'check.start', checkEnd: 'check.end', resume: 'case.resume', report: 'case.report' } as const;

const delay = (ctx: MockPlatformContext, [min, max]: readonly [number, number]) => ctx.factories.delaySeconds(min, max) * 1000;

/** The API view of a case (drops the internal report). */
export function presentCase(c: Case): Omit<Case, 'report'> {
  const { report: _report, ...view } = c;
  return view;
}

function setCaseStatus(ctx: MockPlatformContext, c: Case, action: keyof typeof caseMachine, at: number, patch: Partial<Case> = {}): Case {
  const t = assertTransition(caseMachine, action, c);
  const next = bump({ ...c, ...patch, status: t.to ?? c.status }, at);
  ctx.store.update(next);
  ctx.eventLog.record({ type: 'case.status_changed', data: { object: 'case', id: c.id, revision: next.revision, status: next.status, result: next.result, previousStatus: c.status } }, { at });
  return next;
}

function setCheckStatus(ctx: MockPlatformContext, k: Check, action: keyof typeof checkMachine, at: number, result: Result = k.result): Check {
  const t = assertTransition(checkMachine, action, k);
  const ended = t.to === 'completed' || t.to === 'failed';
  const next = bump({ ...k, status: t.to ?? k.status, result, completedAt: ended ? iso(at) : k.completedAt }, at);
  ctx.store.update(next);
  ctx.eventLog.record(
    { type: 'check.status_changed', data: { object: 'check', id: k.id, revision: next.revision, status: next.status, result: next.result, caseId: k.caseId, checkType: k.type, previousStatus: k.status } },
    { at },
  );
  return next;
}

const checksOf = (ctx: MockPlatformContext, caseId: string) => ctx.store.list<Check>('check', { parentId: caseId, limit: 100 }).items;

/** Registers the case and check timers. */
export function defineCaseTimers(ctx: MockPlatformContext): void {
  const { store, scheduler, factories } = ctx;
  scheduler.define(A.start, (id, _p, at) => {
    const c = store.get<Case>(id, 'case');
    if (!c || c.status !== 'pending') return;
    // Two changes, two revisions: receivers drop an event whose revision is not higher than theirs.
    const inputClaimsCount = c.checkTypes.length * 2 + factories.delaySeconds(0, 3);
    const withClaims = bump({ ...c, inputClaimsCount }, at);
    store.update(withClaims);
    ctx.eventLog.record(
      { type: 'case.input_claims_generated', data: { object: 'case', id, revision: withClaims.revision, status: withClaims.status, result: withClaims.result, inputClaimsCount } },
      { at },
    );
    setCaseStatus(ctx, withClaims, 'start', at);
    for (const k of checksOf(ctx, id)) scheduler.schedule(A.checkStart, k.id, at + delay(ctx, caseTiming.checkStartSpreadSeconds));
  });
  scheduler.define(A.checkStart, (id, _p, at) => {
    const k = store.get<Check>(id, 'check');
    const c = k && store.get<Case>(k.caseId, 'case');
    if (!k || !c || k.status !== 'pending' || c.status === 'cancelled') return;
    setCheckStatus(ctx, k, 'start', at);
    // Identity checks sometimes need the candidate (a new document photo): the case waits for them.
    if (k.type === 'identity_verification' && c.status === 'in_progress' && factories.chance(caseTiming.actionRequiredProbability)) {
      setCaseStatus(ctx, c, 'requireAction', at);
      const resumeAt = at + delay(ctx, caseTiming.actionRequiredSeconds);
      scheduler.schedule(A.resume, c.id, resumeAt);
      scheduler.schedule(A.checkEnd, k.id, resumeAt + delay(ctx, caseTiming.checkDurationSeconds));
      return;
    }
    scheduler.schedule(A.checkEnd, k.id, at + delay(ctx, caseTiming.checkDurationSeconds));
  });
  scheduler.define(A.resume, (id, _p, at) => {
    const c = store.get<Case>(id, 'case');
    if (c?.status === 'action_required') setCaseStatus(ctx, c, 'resume', at);
  });
  scheduler.define(A.checkEnd, (id, _p, at) => {
    const k = store.get<Check>(id, 'check');
    if (!k || k.status !== 'in_progress') return;
    const failed = factories.chance(caseTiming.failProbability);
    if (failed) setCheckStatus(ctx, k, 'fail', at, 'consider');
    else setCheckStatus(ctx, k, 'complete', at, factories.chance(caseTiming.considerProbability) ? 'consider' : 'clear');
    const c = store.get<Case>(k.caseId, 'case');
    const checks = checksOf(ctx, k.caseId);
    if (!c || c.status !== 'in_progress' || !checks.every((x) => x.status === 'completed' || x.status === 'failed' || x.status === 'cancelled')) return;
    const result = checks.some((x) => x.result === 'consider') ? 'consider' : 'clear';
    setCaseStatus(ctx, c, 'complete', at, { result, completedAt: iso(at) });
    scheduler.schedule(A.report, c.id, at + delay(ctx, caseTiming.reportAfterSeconds));
  });
  scheduler.define(A.report, (id, _p, at) => {
    const c = store.get<Case>(id, 'case');
    if (!c || c.status !== 'completed' || c.reportReady) return;
    const checks = checksOf(ctx, id);
    const result = c.result ?? 'clear';
    const considered = checks.filter((x) => x.result === 'consider').length;
    const report: CaseReport = {
      object: 'case_report',
      id: ctx.newId('case_report'),
      caseId: id,
      result,
      generatedAt: iso(at),
      summary:
        result === 'clear'
          ? `All ${checks.length} checks for ${c.candidate.name} came back clear.`
          : `${considered} of ${checks.length} checks for ${c.candidate.name} need a human review.`,
      checks: checks.map((x) => ({ checkId: x.id, type: x.type, status: x.status, result: x.result })),
    };
    const next = bump({ ...c, reportReady: true, report }, at);
    store.update(next);
    ctx.eventLog.record({ type: 'case.report_ready', data: { object: 'case', id, revision: next.revision, status: next.status, result: next.result, reportId: report.id } }, { at });
  });
}

/** The request body of opening a case (CaseCreate). */
export interface CaseInput {
  candidate: { name: string; email: string };
  checks: string[];
  reference?: string;
}

/** Opens a case with one check per requested type and schedules its progress. */
export function openCase(ctx: MockPlatformContext, input: CaseInput): Case {
  const at = ctx.clock.now();
  const now = iso(at);
  const c: Case = {
    object: 'case',
    id: ctx.newId('case'),
    revision: 1,
    status: 'pending',
    result: null,
    candidate: { name: input.candidate.name, email: input.candidate.email },
    checkTypes: [...input.checks],
    reference: input.reference ?? null,
    reportReady: false,
    inputClaimsCount: 0,
    createdAt: now,
    updatedAt: now,
    completedAt: null,
  };
  ctx.store.transaction(() => {
    ctx.store.insert('case', c, { email: c.candidate.email.toLowerCase(), createdMs: at });
    for (const type of input.checks) {
      const k: Check = { object: 'check', id: ctx.newId('check'), revision: 1, caseId: c.id, type, status: 'pending', result: null, createdAt: now, updatedAt: now, completedAt: null };
      ctx.store.insert('check', k, { parentId: c.id, createdMs: at });
    }
    ctx.scheduler.schedule(A.start, c.id, at + delay(ctx, caseTiming.startAfterSeconds));
  });
  return c;
}

/** Loads a case or throws 404. */
export function getCase(ctx: MockPlatformContext, id: string): Case {
  const c = ctx.store.get<Case>(id, 'case');
  if (!c) throw new ApiProblem('not-found', { detail: `No case with id ${id}.` });
  return c;
}
