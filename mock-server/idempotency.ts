// Idempotency-Key: a repeated key returns the first answer (same status and body, plus
// `Idempotent-Replayed: true`); the same key on a different request is a 422 problem.
import { createHash } from 'node:crypto';
import type { Store } from './store.js';

/** A stored first answer. */
export interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** The idempotency store. */
export interface IdempotencyStore {
  /** 'miss' | the first answer | 'mismatch' when the key was used for another request. */
  lookup(key: string, fingerprint: string): StoredAnswer | 'miss' | 'mismatch';
  save(key: string, fingerprint: string, answer: StoredAnswer, atMs: number): void;
}

/**
 * The fingerprint of a request: method, path and the parsed body (so whitespace does not matter).
 * @example fingerprintRequest('POST', '/v1/credentials', body)
 */
export function fingerprintRequest(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${JSON.stringify(body ?? null)}`).digest('base64url');
}

/**
 * Creates the SQLite-backed idempotency store (keys survive restarts).
 * @example const idem = createIdempotencyStore(store); idem.lookup(key, fp)
 */
export function createIdempotencyStore(store: Store): IdempotencyStore {
  const get = store.db.prepare('SELECT fingerprint, status, headers, body FROM idempotency WHERE key = ?');
  const put = store.db.prepare('INSERT OR REPLACE INTO idempotency (key, fingerprint, status, headers, body, created_ms) VALUES (?, ?, ?, ?, ?, ?)');
  return {
    lookup(key, fingerprint) {
      const row = get.get(key) as { fingerprint: string; status: number; headers: string; body: string | null } | undefined;
      if (!row) return 'miss';
      if (row.fingerprint !== fingerprint) return 'mismatch';
      return { status: row.status, headers: JSON.parse(row.headers) as Record<string, string>, body: row.body === null ? undefined : JSON.parse(row.body) };
    },
    save(key, fingerprint, answer, atMs) {
      put.run(key, fingerprint, answer.status, JSON.stringify(answer.headers), answer.body === undefined ? null : JSON.stringify(answer.body), atMs);
    },
  };
}
