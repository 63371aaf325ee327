// /v1/deliveries: one event's delivery to one endpoint, with every attempt. The real routes come
// with the delivery engine; a platform built without it answers 501.
import type { DeliveryEngine } from '../delivery/engine.js';
import { presentDelivery, type DeliveryRow } from '../delivery/delivery-store.js';
import { ApiProblem } from '../problem.js';
import { route, type RouteDefinition } from '../route.js';
import { notImplemented } from './not-implemented.js';

const owner = 'the delivery engine (createDeliveryPlugin from mock-server/delivery)';

/** The placeholders the core serves when the platform runs without the delivery plugin. */
export const deliveryRoutes: readonly RouteDefinition[] = [
  notImplemented('GET', '/v1/deliveries/{deliveryId}', 'getDelivery', owner),
  notImplemented('POST', '/v1/deliveries/{deliveryId}/retry', 'retryDelivery', owner),
];

function getDeliveryRow(engine: DeliveryEngine, id: string): DeliveryRow {
  const row = engine.deliveries.get(id);
  if (!row) throw new ApiProblem('not-found', { detail: `No delivery with id ${id}.` });
  return row;
}

/**
 * The real delivery routes, bound to the engine once the platform has initialised it.
 * @example plugin.routes = [...createDeliveryRoutes(() => handle.engine)]
 */
export function createDeliveryRoutes(engineOf: () => DeliveryEngine | undefined): readonly RouteDefinition[] {
  const engine = () => {
    const e = engineOf();
    if (!e) throw new ApiProblem('not-implemented', { detail: 'The delivery engine is not initialised on this platform.' });
    return e;
  };
  return [
    route({
      method: 'GET',
      path: '/v1/deliveries/{deliveryId}',
      operationId: 'getDelivery',
      handler({ params }) {
        const row = getDeliveryRow(engine(), params.deliveryId!);
        return { status: 200, body: presentDelivery(row, engine().deliveries.attempts(row.id)) };
      },
    }),
    route({
      method: 'POST',
      path: '/v1/deliveries/{deliveryId}/retry',
      operationId: 'retryDelivery',
      handler({ params }) {
        const eng = engine();
        const row = getDeliveryRow(eng, params.deliveryId!);
        const e = eng.endpoints.get(row.endpoint_id);
        if (!e || e.status === 'disabled' || e.status === 'verification_failed') {
          throw new ApiProblem('invalid-state', {
            detail: e
              ? `Endpoint ${e.id} is ${e.status}; re-enable it with PATCH {"status": "active"} before retrying its deliveries.`
              : `The endpoint of delivery ${row.id} was deleted; there is nowhere to send it.`,
          });
        }
        const next = eng.retryDelivery(row);
        return { status: 202, body: presentDelivery(next, eng.deliveries.attempts(next.id)) };
      },
    }),
  ];
}
