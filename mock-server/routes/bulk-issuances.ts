// /v1/bulk-issuances
import { createBulkIssuance, getBulkIssuance, presentBulkIssuance } from '../lifecycle/bulk-issuances.js';
import type { CredentialInput } from '../lifecycle/credentials.js';
import { route, type RouteDefinition } from '../route.js';

/** The bulk issuance routes. */
export const bulkIssuanceRoutes: readonly RouteDefinition[] = [
  route({
    method: 'POST',
    path: '/v1/bulk-issuances',
    operationId: 'createBulkIssuance',
    handler: ({ body }, p) => ({ status: 202, body: presentBulkIssuance(createBulkIssuance(p, (body as { credentials: CredentialInput[] }).credentials)) }),
  }),
  route({
    method: 'GET',
    path: '/v1/bulk-issuances/{bulkIssuanceId}',
    operationId: 'getBulkIssuance',
    handler: ({ params }, p) => ({ status: 200, body: presentBulkIssuance(getBulkIssuance(p, params.bulkIssuanceId!)) }),
  }),
];
