// State machines as data: for each action, the statuses it may start from, where it leads and the
// event it records. Handlers call `assertTransition`, so "revoke twice" is a 409 from the table.
import { ApiProblem } from '../problem.js';
import type { StoredObject } from '../store.js';

/** One action of a machine. `to: null` keeps the status (a change that is not a transition). */
export interface Transition<S extends string> {
  readonly from: readonly S[];
  readonly to: S | null;
  readonly event: string | null;
}

/** A machine: action name → transition. */
export type Machine<S extends string, A extends string> = Readonly<Record<A, Transition<S>>>;

/**
 * Throws a 409 problem when `action` is not allowed from the object's status.
 * @example assertTransition(credentialMachine, 'revoke', credential) // 409 if already revoked
 */
export function assertTransition<S extends string, A extends string>(machine: Machine<S, A>, action: A, obj: StoredObject & { status: string }): Transition<S> {
  const t = machine[action];
  if (!t.from.includes(obj.status as S)) {
    throw new ApiProblem('invalid-state', {
      detail: `Cannot ${action} ${obj.object} ${obj.id}: it is ${obj.status}; ${action} needs ${t.from.join(' or ')}.`,
    });
  }
  return t;
}

/**
 * Marks a change: revision + 1 and updatedAt = at (mock ms). Every state change goes through here.
 * @example bump(credential, clock.now()); store.update(credential);
 */
export function bump<T extends StoredObject>(obj: T, atMs: number): T {
  obj.revision += 1;
  obj.updatedAt = new Date(atMs).toISOString();
  return obj;
}

/** ISO string of mock ms. */
export const iso = (ms: number) => new Date(ms).toISOString();
