// Opaque cursors over the log position (seq). Opaque so we can change what is inside later.
import { ApiProblem } from './problem.js';

/** Default and maximum page sizes (the contract's `limit`). */
export const PAGE_LIMIT = { default: 20, max: 100 } as const;

/**
 * Encodes a position.
 * @example encodeCursor(42) // 'c2VxOjQy'
 */
export function encodeCursor(seq: number): string {
  return Buffer.from(`seq:${seq}`).toString('base64url');
}

/**
 * Decodes a cursor from the query; a cursor we did not make is a 400 pointing at /query/cursor.
 * @example decodeCursor(req.query.cursor) // 42 | undefined
 */
export function decodeCursor(cursor: unknown): number | undefined {
  if (cursor === undefined) return undefined;
  const match = typeof cursor === 'string' ? /^seq:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8')) : null;
  if (!match) {
    throw new ApiProblem('validation-error', {
      detail: 'The cursor is not one this API returned.',
      errors: [{ pointer: '/query/cursor', message: 'must be a nextCursor value from a previous page' }],
    });
  }
  return Number(match[1]);
}

/** A list answer (`{ object: 'list', items, nextCursor }`). */
export function listBody<T>(items: T[], nextSeq: number | null): { object: 'list'; items: T[]; nextCursor: string | null } {
  return { object: 'list', items, nextCursor: nextSeq === null ? null : encodeCursor(nextSeq) };
}
