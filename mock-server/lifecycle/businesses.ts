// Business verification over mock time:
//   submitted → in_review → verified | rejected, or → needs_information → (details updated) → in_review → …
import type { MockPlatformContext } from '../context.js';
import { ApiProblem } from '../problem.js';
import type { StoredObject } from '../store.js';
import { assertTransition, bump, iso, type Machine } from './machine.js';

/** Business statuses. */
export type BusinessStatus = 'submitted' | 'in_review' | 'needs_information' | 'verified' | 'rejected';

/** The business state machine. */
export const businessMachine: Machine<BusinessStatus, 'review' | 'requestInformation' | 'resubmit' | 'verify' | 'reject'> = {
  review: { from: ['submitted'], to: 'in_review', event: 'business.status_changed' },
  requestInformation: { from: ['in_review'], to: 'needs_information', event: 'business.status_changed' },
  resubmit: { from: ['needs_information'], to: 'in_review', event: 'business.status_changed' },
  verify: { from: ['in_review'], to: 'verified', event: 'business.status_changed' },
  reject: { from: ['in_review'], to: 'rejected', event: 'business.status_changed' },
};

/** Pacing and odds of the simulation (seconds are [min, max]). */
export const businessTiming = {
  reviewAfterSeconds: [10, 30],
  decisionAfterSeconds: [60, 240],
  informationAfterSeconds: [60, 180],
  needsInformationProbability: 0.2,
  rejectProbability: 0.1,
} as const;

/** A stored business. */
export interface Business extends StoredObject {
  object: 'business';
  status: BusinessStatus;
  legalName: string;
  registrationNumber: string;
  country: string;
  website: string | null;
  verifiedAt: string | null;
  /** Internal: information was requested once already (the second review always decides). */
  informationRequested?: boolean;
}

/** The request body (BusinessCreate). */
export interface BusinessInput {
  legalName: string;
  registrationNumber: string;
  country: string;
  website?: string;
}

const A = { review: 'business.review', decide: 'business.decide', resubmit: 'business.resubmit' } as const;
const delay = (ctx: MockPlatformContext, [min, max]: readonly [number, number]) => ctx.factories.delaySeconds(min, max) * 1000;

/** The API view (drops internal fields). */
export function presentBusiness(b: Business): Omit<Business, 'informationRequested'> {
  const { informationRequested: _i, ...view } = b;
  return view;
}

function setStatus(ctx: MockPlatformContext, b: Business, action: keyof typeof businessMachine, at: number, patch: Partial<Business> = {}): Business {
  const t = assertTransition(businessMachine, action, b);
  const next = bump({ ...b, ...patch, status: t.to ?? b.status }, at);
  ctx.store.update(next);
  ctx.eventLog.record({ type: 'business.status_changed', data: { object: 'business', id: b.id, revision: next.revision, status: next.status, legalName: next.legalName, previousStatus: b.status } }, { at });
  return next;
}

/** Registers the business timers. */
export function defineBusinessTimers(ctx: MockPlatformContext): void {
  const { store, scheduler, factories } = ctx;
  scheduler.define(A.review, (id, _p, at) => {
    const b = store.get<Business>(id, 'business');
    if (b?.status !== 'submitted') return;
    setStatus(ctx, b, 'review', at);
    scheduler.schedule(A.decide, id, at + delay(ctx, businessTiming.decisionAfterSeconds));
  });
  scheduler.define(A.decide, (id, _p, at) => {
    const b = store.get<Business>(id, 'business');
    if (b?.status !== 'in_review') return;
    if (!b.informationRequested && factories.chance(businessTiming.needsInformationProbability)) {
      setStatus(ctx, b, 'requestInformation', at, { informationRequested: true });
      scheduler.schedule(A.resubmit, id, at + delay(ctx, businessTiming.informationAfterSeconds));
    } else if (factories.chance(businessTiming.rejectProbability)) setStatus(ctx, b, 'reject', at);
    else setStatus(ctx, b, 'verify', at, { verifiedAt: iso(at) });
  });
  scheduler.define(A.resubmit, (id, _p, at) => {
    const b = store.get<Business>(id, 'business');
    if (b?.status !== 'needs_information') return;
    // The business supplies what the reviewers asked for: its website, as a proof of operation.
    const website = b.website ?? `https://www.${b.legalName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}.example`;
    const updated = bump({ ...b, website }, at);
    store.update(updated);
    ctx.eventLog.record({ type: 'business.details_updated', data: { object: 'business', id, revision: updated.revision, status: updated.status, legalName: updated.legalName, changedFields: ['website'] } }, { at });
    setStatus(ctx, updated, 'resubmit', at);
    scheduler.schedule(A.decide, id, at + delay(ctx, businessTiming.decisionAfterSeconds));
  });
}

/** Submits a business for verification. */
export function submitBusiness(ctx: MockPlatformContext, input: BusinessInput): Business {
  const at = ctx.clock.now();
  const b: Business = {
    object: 'business',
    id: ctx.newId('business'),
    revision: 1,
    status: 'submitted',
    legalName: input.legalName,
    registrationNumber: input.registrationNumber,
    country: input.country,
    website: input.website ?? null,
    createdAt: iso(at),
    updatedAt: iso(at),
    verifiedAt: null,
  };
  ctx.store.transaction(() => {
    ctx.store.insert('business', b, { createdMs: at });
    ctx.scheduler.schedule(A.review, b.id, at + delay(ctx, businessTiming.reviewAfterSeconds));
  });
  return b;
}

/** Loads a business or throws 404. */
export function getBusiness(ctx: MockPlatformContext, id: string): Business {
  const b = ctx.store.get<Business>(id, 'business');
  if (!b) throw new ApiProblem('not-found', { detail: `No business with id ${id}.` });
  return b;
}
