// /v1/credentials and its actions.
import { ApiProblem } from '../problem.js';
import { decodeCursor, listBody } from '../pagination.js';
import { etag, route, type RouteDefinition } from '../route.js';
import {
  claimCredential,
  getCredential,
  issueCredential,
  renewCredential,
  revokeCredential,
  updateCredential,
  verifyCredential,
  type Credential,
  type CredentialInput,
  type CredentialPatch,
} from '../lifecycle/credentials.js';

/**
 * Parses If-Match (`"3"`, `3`, `W/"3"`) into a revision; 428 when missing.
 * @example requireRevision('"3"') // 3
 */
export function requireRevision(ifMatch: string | undefined, what: string): number {
  if (ifMatch === undefined) {
    throw new ApiProblem('if-match-required', { detail: `Send the revision of the ${what} you read as If-Match, e.g. If-Match: "1".` });
  }
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(ifMatch.trim());
  if (!match) {
    throw new ApiProblem('validation-error', { detail: 'If-Match must be a revision number.', errors: [{ pointer: '/header/if-match', message: 'must be a revision, e.g. "3"' }] });
  }
  return Number(match[1]);
}

const withEtag = (c: Credential) => ({ ETag: etag(c.revision) });

/** The credential routes. */
export const credentialRoutes: readonly RouteDefinition[] = [
  route({
    method: 'POST',
    path: '/v1/credentials',
    operationId: 'issueCredential',
    handler(req, p) {
      const c = issueCredential(p, req.body as CredentialInput);
      return { status: 201, body: c, headers: withEtag(c) };
    },
  }),
  route({
    method: 'GET',
    path: '/v1/credentials',
    operationId: 'listCredentials',
    handler({ query }, p) {
      const page = p.store.list<Credential>('credential', {
        status: query.status as string | undefined,
        email: typeof query.recipientEmail === 'string' ? query.recipientEmail.toLowerCase() : undefined,
        createdAfterMs: typeof query.issuedAfter === 'string' ? Date.parse(query.issuedAfter) : undefined,
        afterSeq: decodeCursor(query.cursor),
        limit: query.limit as number,
        order: 'desc',
      });
      return { status: 200, body: listBody(page.items, page.nextSeq) };
    },
  }),
  route({
    method: 'GET',
    path: '/v1/credentials/{credentialId}',
    operationId: 'getCredential',
    handler({ params }, p) {
      const c = getCredential(p, params.credentialId!);
      return { status: 200, body: c, headers: withEtag(c) };
    },
  }),
  route({
    method: 'PATCH',
    path: '/v1/credentials/{credentialId}',
    operationId: 'updateCredential',
    handler({ params, headers, body }, p) {
      const revision = requireRevision(headers['if-match'], 'credential');
      const c = getCredential(p, params.credentialId!);
      if (revision !== c.revision) {
        throw new ApiProblem('revision-mismatch', {
          detail: `If-Match is "${revision}" but the credential is at revision ${c.revision}; read it again and reapply your change.`,
        });
      }
      const next = updateCredential(p, c, body as CredentialPatch);
      return { status: 200, body: next, headers: withEtag(next) };
    },
  }),
  route({
    method: 'POST',
    path: '/v1/credentials/{credentialId}/revoke',
    operationId: 'revokeCredential',
    handler({ params, body }, p) {
      const c = getCredential(p, params.credentialId!);
      if (c.status === 'revoked') throw new ApiProblem('invalid-state', { detail: `Credential ${c.id} is already revoked; revocation is final.` });
      return { status: 200, body: revokeCredential(p, c, (body as { reason: string }).reason) };
    },
  }),
  route({
    method: 'POST',
    path: '/v1/credentials/{credentialId}/renew',
    operationId: 'renewCredential',
    handler({ params, body }, p) {
      const c = getCredential(p, params.credentialId!);
      const { successor } = renewCredential(p, c, (body as { expiresAt?: string } | undefined)?.expiresAt);
      return { status: 201, body: successor };
    },
  }),
  route({
    method: 'POST',
    path: '/v1/credentials/{credentialId}/claim',
    operationId: 'claimCredential',
    handler({ params, body }, p) {
      const c = getCredential(p, params.credentialId!);
      return { status: 200, body: claimCredential(p, c, (body as { email: string }).email) };
    },
  }),
  route({
    method: 'POST',
    path: '/v1/credentials/{credentialId}/verify',
    operationId: 'verifyCredential',
    handler({ params, body }, p) {
      const c = getCredential(p, params.credentialId!);
      return { status: 200, body: verifyCredential(p, c, (body as { verifierName?: string } | undefined)?.verifierName) };
    },
  }),
];
