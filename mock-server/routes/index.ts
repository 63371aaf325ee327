// The route table: one file per resource family. The HTTP server and the msw handlers both serve it.
import type { RouteDefinition } from '../route.js';
import { bulkIssuanceRoutes } from './bulk-issuances.js';
import { businessRoutes } from './businesses.js';
import { caseRoutes } from './cases.js';
import { credentialRoutes } from './credentials.js';
import { deliveryRoutes } from './deliveries.js';
import { eventRoutes } from './events.js';
import { webhookEndpointRoutes } from './webhook-endpoints.js';

/** Every contract route of the core (plugins may replace some, by method + path). */
export const contractRoutes: readonly RouteDefinition[] = [
  ...credentialRoutes,
  ...bulkIssuanceRoutes,
  ...caseRoutes,
  ...businessRoutes,
  ...eventRoutes,
  ...webhookEndpointRoutes,
  ...deliveryRoutes,
];

export { mockControlRoutes } from './mock-controls.js';
