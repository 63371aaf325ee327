// Idempotency-Key for the creating POSTs, so a retry after a network error cannot create twice.
import type { paths } from '../generated/api.js';

type PostPath = { [P in keyof paths]: paths[P] extends { post: { parameters: { header?: { 'Idempotency-Key'?: string } } } } ? P : never }[keyof paths];

/**
 * The POST operations that create something and accept an Idempotency-Key, by schema path. Kept as
 * data (and checked against generated/openapi.json by a test) instead of guessing from the method.
 */
export const creatingPosts: readonly PostPath[] = [
  '/v1/credentials',
  '/v1/credentials/{credentialId}/renew',
  '/v1/bulk-issuances',
  '/v1/cases',
  '/v1/businesses',
  '/v1/webhook-endpoints',
];

const creating: ReadonlySet<string> = new Set(creatingPosts);

/** True when a request to this schema path with this method gets a generated Idempotency-Key. */
export function needsIdempotencyKey(method: string, schemaPath: string): boolean {
  return method.toUpperCase() === 'POST' && creating.has(schemaPath);
}
