// A route that answers 501 problem+json: the placeholder shape for operations another module owns.
import { ApiProblem } from '../problem.js';
import { route, type HttpMethod, type RouteDefinition } from '../route.js';

/**
 * A placeholder route answering 501 until its owner replaces it.
 * @example notImplemented('GET', '/v1/deliveries/{deliveryId}', 'getDelivery', 'the delivery engine')
 */
export function notImplemented(method: HttpMethod, path: string, operationId: string, owner: string): RouteDefinition {
  return route({
    method,
    path,
    operationId,
    handler() {
      throw new ApiProblem('not-implemented', { detail: `${operationId} is not available in this mock: it comes with ${owner}.` });
    },
  });
}
