// /v1/businesses
import { getBusiness, presentBusiness, submitBusiness, type BusinessInput } from '../lifecycle/businesses.js';
import { etag, route, type RouteDefinition } from '../route.js';

/** The business verification routes. */
export const businessRoutes: readonly RouteDefinition[] = [
  route({
    method: 'POST',
    path: '/v1/businesses',
    operationId: 'submitBusiness',
    handler: ({ body }, p) => {
      const b = submitBusiness(p, body as BusinessInput);
      return { status: 201, body: presentBusiness(b), headers: { ETag: etag(b.revision) } };
    },
  }),
  route({
    method: 'GET',
    path: '/v1/businesses/{businessId}',
    operationId: 'getBusiness',
    handler: ({ params }, p) => {
      const b = getBusiness(p, params.businessId!);
      return { status: 200, body: presentBusiness(b), headers: { ETag: etag(b.revision) } };
    },
  }),
];
