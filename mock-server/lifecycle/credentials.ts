// Credentials: issue, update, claim, verify, revoke, renew, expire. Each change bumps the revision
// and records its event in the same transaction.
import type { MockPlatformContext } from '../context.js';
import { ApiProblem } from '../problem.js';
import type { StoredObject } from '../store.js';
import { assertTransition, bump, iso, type Machine } from './machine.js';

/** Credential statuses (the contract's CredentialStatus). */
export type CredentialStatus = 'issued' | 'claimed' | 'revoked' | 'expired' | 'superseded';
type CredentialAction = 'update' | 'claim' | 'verify' | 'revoke' | 'renew' | 'expire';

/** The credential state machine. */
export const credentialMachine: Machine<CredentialStatus, CredentialAction> = {
  update: { from: ['issued', 'claimed'], to: null, event: 'credential.updated' },
  claim: { from: ['issued'], to: 'claimed', event: 'credential.claimed' },
  verify: { from: ['issued', 'claimed', 'revoked', 'expired', 'superseded'], to: null, event: 'credential.verified' },
  revoke: { from: ['issued', 'claimed'], to: 'revoked', event: 'credential.revoked' },
  renew: { from: ['issued', 'claimed'], to: 'superseded', event: 'credential.renewed' },
  expire: { from: ['issued', 'claimed'], to: 'expired', event: 'credential.expired' },
};

/** A stored credential (the contract's Credential). */
export interface Credential extends StoredObject {
  object: 'credential';
  status: CredentialStatus;
  kind: 'certificate' | 'badge';
  title: string;
  description: string | null;
  recipient: { name: string; email: string };
  issuedAt: string;
  expiresAt: string | null;
  claimedAt: string | null;
  revokedAt: string | null;
  revocationReason: string | null;
  supersededBy: string | null;
  renewedFrom: string | null;
  bulkIssuanceId: string | null;
  verificationCount: number;
  lastVerifiedAt: string | null;
  metadata: Record<string, string>;
}

/** The request body of issuing (CredentialCreate). */
export interface CredentialInput {
  kind: 'certificate' | 'badge';
  title: string;
  description?: string;
  recipient: { name: string; email: string };
  expiresAt?: string;
  metadata?: Record<string, string>;
}

/** Timer action name for expiry. */
export const EXPIRE_ACTION = 'credential.expire';

const eventData = (c: Credential) => ({
  object: 'credential',
  id: c.id,
  revision: c.revision,
  status: c.status,
  kind: c.kind,
  title: c.title,
  recipientEmail: c.recipient.email,
});

/** Registers the credential timers (expiry). */
export function defineCredentialTimers(ctx: MockPlatformContext): void {
  ctx.scheduler.define(EXPIRE_ACTION, (id, _payload, atMs) => {
    const c = ctx.store.get<Credential>(id, 'credential');
    // The expiry may have moved (PATCH) or the credential left the live states since this was scheduled.
    if (!c || !credentialMachine.expire.from.includes(c.status) || c.expiresAt === null || Date.parse(c.expiresAt) > atMs) return;
    expireCredential(ctx, c, atMs);
  });
}

/** Loads a credential or throws 404. */
export function getCredential(ctx: MockPlatformContext, id: string): Credential {
  const c = ctx.store.get<Credential>(id, 'credential');
  if (!c) throw new ApiProblem('not-found', { detail: `No credential with id ${id}.` });
  return c;
}

/**
 * Issues a credential: stores it, records `credential.issued`, schedules its expiry.
 * @example issueCredential(ctx, { kind: 'badge', title: 'Kubernetes Fundamentals', recipient })
 */
export function issueCredential(ctx: MockPlatformContext, input: CredentialInput, links: { bulkIssuanceId?: string; renewedFrom?: string; atMs?: number } = {}): Credential {
  const at = links.atMs ?? ctx.clock.now();
  const now = iso(at);
  const c: Credential = {
    object: 'credential',
    id: ctx.newId('credential'),
    revision: 1,
    status: 'issued',
    kind: input.kind,
    title: input.title,
    description: input.description ?? null,
    recipient: { name: input.recipient.name, email: input.recipient.email },
    issuedAt: now,
    expiresAt: input.expiresAt !== undefined ? iso(Date.parse(input.expiresAt)) : null,
    claimedAt: null,
    revokedAt: null,
    revocationReason: null,
    supersededBy: null,
    renewedFrom: links.renewedFrom ?? null,
    bulkIssuanceId: links.bulkIssuanceId ?? null,
    verificationCount: 0,
    lastVerifiedAt: null,
    metadata: input.metadata ?? {},
    createdAt: now,
    updatedAt: now,
  };
  ctx.store.transaction(() => {
    ctx.store.insert('credential', c, { email: c.recipient.email.toLowerCase(), createdMs: at, ...(links.bulkIssuanceId ? { parentId: links.bulkIssuanceId } : {}) });
    ctx.eventLog.record(
      { type: 'credential.issued', data: { ...eventData(c), issuedAt: c.issuedAt, expiresAt: c.expiresAt, bulkIssuanceId: c.bulkIssuanceId, renewedFrom: c.renewedFrom } },
      { at },
    );
    if (c.expiresAt !== null) ctx.scheduler.schedule(EXPIRE_ACTION, c.id, Date.parse(c.expiresAt));
  });
  return c;
}

/** The fields PATCH may change (CredentialUpdate). */
export interface CredentialPatch {
  title?: string;
  description?: string | null;
  expiresAt?: string | null;
  metadata?: Record<string, string>;
}

/**
 * Updates metadata fields; records `credential.updated` with the fields that really changed.
 * A PATCH that changes nothing still answers 200 but bumps nothing and records nothing.
 */
export function updateCredential(ctx: MockPlatformContext, c: Credential, patch: CredentialPatch): Credential {
  assertTransition(credentialMachine, 'update', c);
  const changed: string[] = [];
  const next: Credential = { ...c };
  if (patch.title !== undefined && patch.title !== c.title) (next.title = patch.title), changed.push('title');
  if (patch.description !== undefined && patch.description !== c.description) (next.description = patch.description), changed.push('description');
  if (patch.expiresAt !== undefined) {
    const value = patch.expiresAt === null ? null : iso(Date.parse(patch.expiresAt));
    if (value !== c.expiresAt) (next.expiresAt = value), changed.push('expiresAt');
  }
  if (patch.metadata !== undefined && JSON.stringify(patch.metadata) !== JSON.stringify(c.metadata)) (next.metadata = patch.metadata), changed.push('metadata');
  if (changed.length === 0) return c;
  const at = ctx.clock.now();
  bump(next, at);
  ctx.store.transaction(() => {
    ctx.store.update(next);
    ctx.eventLog.record({ type: 'credential.updated', data: { ...eventData(next), changedFields: changed } }, { at });
    if (changed.includes('expiresAt') && next.expiresAt !== null) ctx.scheduler.schedule(EXPIRE_ACTION, next.id, Date.parse(next.expiresAt));
  });
  return next;
}

/** The recipient claims the credential (the email must be the recipient's). */
export function claimCredential(ctx: MockPlatformContext, c: Credential, email: string): Credential {
  assertTransition(credentialMachine, 'claim', c);
  if (email.toLowerCase() !== c.recipient.email.toLowerCase()) {
    throw new ApiProblem('invalid-state', { detail: `Credential ${c.id} was issued to another email; only its recipient can claim it.` });
  }
  const at = ctx.clock.now();
  const next = bump({ ...c, status: 'claimed' as const, claimedAt: iso(at) }, at);
  ctx.store.transaction(() => {
    ctx.store.update(next);
    ctx.eventLog.record({ type: 'credential.claimed', data: { ...eventData(next), claimedAt: next.claimedAt } }, { at });
  });
  return next;
}

/** A verification (the contract's Verification). */
export interface Verification {
  object: 'verification';
  id: string;
  credentialId: string;
  result: 'valid' | 'revoked' | 'expired' | 'superseded';
  credentialStatus: CredentialStatus;
  verifierName: string | null;
  verifiedAt: string;
}

/** A third party verifies the credential: counted on the credential, `credential.verified` recorded. */
export function verifyCredential(ctx: MockPlatformContext, c: Credential, verifierName: string | undefined): Verification {
  assertTransition(credentialMachine, 'verify', c);
  const at = ctx.clock.now();
  const result: Verification['result'] = c.status === 'issued' || c.status === 'claimed' ? 'valid' : c.status;
  const verification: Verification = {
    object: 'verification',
    id: ctx.newId('verification'),
    credentialId: c.id,
    result,
    credentialStatus: c.status,
    verifierName: verifierName ?? null,
    verifiedAt: iso(at),
  };
  const next = bump({ ...c, verificationCount: c.verificationCount + 1, lastVerifiedAt: verification.verifiedAt }, at);
  ctx.store.transaction(() => {
    ctx.store.update(next);
    ctx.eventLog.record({ type: 'credential.verified', data: { ...eventData(next), verificationId: verification.id, result, verifiedAt: verification.verifiedAt } }, { at });
  });
  return verification;
}

/** Revokes the credential; a second revoke is a 409 (from the machine). */
export function revokeCredential(ctx: MockPlatformContext, c: Credential, reason: string): Credential {
  assertTransition(credentialMachine, 'revoke', c);
  const at = ctx.clock.now();
  const next = bump({ ...c, status: 'revoked' as const, revokedAt: iso(at), revocationReason: reason }, at);
  ctx.store.transaction(() => {
    ctx.store.update(next);
    ctx.eventLog.record({ type: 'credential.revoked', data: { ...eventData(next), revokedAt: next.revokedAt, reason } }, { at });
  });
  return next;
}

/** Renews: issues a successor (`credential.issued`), supersedes the old one (`credential.renewed`). */
export function renewCredential(ctx: MockPlatformContext, c: Credential, expiresAt: string | undefined): { predecessor: Credential; successor: Credential } {
  assertTransition(credentialMachine, 'renew', c);
  const at = ctx.clock.now();
  return ctx.store.transaction(() => {
    const successor = issueCredential(
      ctx,
      { kind: c.kind, title: c.title, ...(c.description !== null ? { description: c.description } : {}), recipient: c.recipient, ...(expiresAt ? { expiresAt } : {}), metadata: c.metadata },
      { renewedFrom: c.id, atMs: at },
    );
    const predecessor = bump({ ...c, status: 'superseded' as const, supersededBy: successor.id }, at);
    ctx.store.update(predecessor);
    ctx.eventLog.record({ type: 'credential.renewed', data: { ...eventData(predecessor), successorId: successor.id, renewedAt: iso(at) } }, { at });
    return { predecessor, successor };
  });
}

/** Expires the credential at mock time `atMs` (called by its timer). */
export function expireCredential(ctx: MockPlatformContext, c: Credential, atMs: number): Credential {
  assertTransition(credentialMachine, 'expire', c);
  const next = bump({ ...c, status: 'expired' as const }, atMs);
  ctx.store.transaction(() => {
    ctx.store.update(next);
    ctx.eventLog.record({ type: 'credential.expired', data: { ...eventData(next), expiredAt: iso(atMs) } }, { at: atMs });
  });
  return next;
}
