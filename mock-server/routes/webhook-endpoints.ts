// /v1/webhook-endpoints: where events are delivered, and how. The real routes come with the delivery
// engine (mock-server/delivery/), which owns the tables; a platform built without it answers 501.
import { requireRevision } from './credentials.js';
import type { DeliveryEngine, EndpointInput, EndpointPatch } from '../delivery/engine.js';
import { presentEndpoint, type Endpoint } from '../delivery/endpoint-store.js';
import { presentDelivery, type DeliveryStatus } from '../delivery/delivery-store.js';
import { DeliveryConfigError } from '../delivery/errors.js';
import { decodeCursor, listBody } from '../pagination.js';
import { ApiProblem } from '../problem.js';
import { etag, route, type RouteDefinition } from '../route.js';
import { notImplemented } from './not-implemented.js';

const owner = 'the delivery engine (createDeliveryPlugin from mock-server/delivery)';

/** The placeholders the core serves when the platform runs without the delivery plugin. */
export const webhookEndpointRoutes: readonly RouteDefinition[] = [
  notImplemented('POST', '/v1/webhook-endpoints', 'createWebhookEndpoint', owner),
  notImplemented('GET', '/v1/webhook-endpoints', 'listWebhookEndpoints', owner),
  notImplemented('GET', '/v1/webhook-endpoints/{endpointId}', 'getWebhookEndpoint', owner),
  notImplemented('PATCH', '/v1/webhook-endpoints/{endpointId}', 'updateWebhookEndpoint', owner),
  notImplemented('DELETE', '/v1/webhook-endpoints/{endpointId}', 'deleteWebhookEndpoint', owner),
  notImplemented('POST', '/v1/webhook-endpoints/{endpointId}/rotate-secret', 'rotateWebhookEndpointSecret', owner),
  notImplemented('POST', '/v1/webhook-endpoints/{endpointId}/test', 'testWebhookEndpoint', owner),
  notImplemented('POST', '/v1/webhook-endpoints/{endpointId}/recover', 'recoverWebhookEndpoint', owner),
  notImplemented('GET', '/v1/webhook-endpoints/{endpointId}/deliveries', 'listEndpointDeliveries', owner),
];

/** Loads an endpoint or throws 404. */
export function getEndpoint(engine: DeliveryEngine, id: string): Endpoint {
  const e = engine.endpoints.get(id);
  if (!e) throw new ApiProblem('not-found', { detail: `No webhook endpoint with id ${id}.` });
  return e;
}

/** The default overlap of a rotation, in seconds (the contract's SecretRotation.overlapSeconds). */
export const DEFAULT_ROTATION_OVERLAP_SECONDS = 86_400;

const secretProblem = (err: DeliveryConfigError) =>
  new ApiProblem('validation-error', { detail: `${err.message}; ${err.hint}.`, errors: [{ pointer: '/body/secret', message: 'must be a usable signing secret for the profile' }] });

/**
 * The real endpoint routes, bound to the engine once the platform has initialised it.
 * @example plugin.routes = createWebhookEndpointRoutes(() => handle.engine)
 */
export function createWebhookEndpointRoutes(engineOf: () => DeliveryEngine | undefined): readonly RouteDefinition[] {
  const engine = () => {
    const e = engineOf();
    if (!e) throw new ApiProblem('not-implemented', { detail: 'The delivery engine is not initialised on this platform.' });
    return e;
  };
  const now = () => engine().context.clock.now();
  return [
    route({
      method: 'POST',
      path: '/v1/webhook-endpoints',
      operationId: 'createWebhookEndpoint',
      handler({ body }) {
        try {
          const { endpoint, secret } = engine().createEndpoint(body as EndpointInput);
          return { status: 201, body: { ...presentEndpoint(endpoint, now()), secret }, headers: { ETag: etag(endpoint.revision) } };
        } catch (err) {
          if (err instanceof DeliveryConfigError) throw secretProblem(err);
          throw err;
        }
      },
    }),
    route({
      method: 'GET',
      path: '/v1/webhook-endpoints',
      operationId: 'listWebhookEndpoints',
      handler({ query }) {
        const page = engine().endpoints.page(query.limit as number, decodeCursor(query.cursor));
        const t = now();
        return { status: 200, body: listBody(page.items.map((e) => presentEndpoint(e, t)), page.nextSeq) };
      },
    }),
    route({
      method: 'GET',
      path: '/v1/webhook-endpoints/{endpointId}',
      operationId: 'getWebhookEndpoint',
      handler({ params }) {
        const e = getEndpoint(engine(), params.endpointId!);
        return { status: 200, body: presentEndpoint(e, now()), headers: { ETag: etag(e.revision) } };
      },
    }),
    route({
      method: 'PATCH',
      path: '/v1/webhook-endpoints/{endpointId}',
      operationId: 'updateWebhookEndpoint',
      handler({ params, headers, body }) {
        const revision = requireRevision(headers['if-match'], 'webhook endpoint');
        const e = getEndpoint(engine(), params.endpointId!);
        if (revision !== e.revision) {
          throw new ApiProblem('revision-mismatch', { detail: `If-Match is "${revision}" but the endpoint is at revision ${e.revision}; read it again and reapply your change.` });
        }
        const next = engine().updateEndpoint(e, body as EndpointPatch);
        return { status: 200, body: presentEndpoint(next, now()), headers: { ETag: etag(next.revision) } };
      },
    }),
    route({
      method: 'DELETE',
      path: '/v1/webhook-endpoints/{endpointId}',
      operationId: 'deleteWebhookEndpoint',
      handler({ params }) {
        engine().deleteEndpoint(getEndpoint(engine(), params.endpointId!));
        return { status: 204 };
      },
    }),
    route({
      method: 'POST',
      path: '/v1/webhook-endpoints/{endpointId}/rotate-secret',
      operationId: 'rotateWebhookEndpointSecret',
      handler({ params, body }) {
        const e = getEndpoint(engine(), params.endpointId!);
        const overlap = (body as { overlapSeconds?: number } | undefined)?.overlapSeconds ?? DEFAULT_ROTATION_OVERLAP_SECONDS;
        const { endpoint, secret } = engine().rotateSecret(e, overlap);
        return { status: 200, body: { ...presentEndpoint(endpoint, now()), secret } };
      },
    }),
    route({
      method: 'POST',
      path: '/v1/webhook-endpoints/{endpointId}/test',
      operationId: 'testWebhookEndpoint',
      handler({ params }) {
        const e = getEndpoint(engine(), params.endpointId!);
        if (e.status === 'disabled' || e.status === 'verification_failed') {
          throw new ApiProblem('invalid-state', {
            detail: `Endpoint ${e.id} is ${e.status}${e.disabledReason ? ` (${e.disabledReason})` : ''}; re-enable it with PATCH {"status": "active"} first.`,
          });
        }
        const row = engine().testEndpoint(e);
        return { status: 202, body: presentDelivery(row, engine().deliveries.attempts(row.id)) };
      },
    }),
    route({
      method: 'POST',
      path: '/v1/webhook-endpoints/{endpointId}/recover',
      operationId: 'recoverWebhookEndpoint',
      handler({ params, body }) {
        const e = getEndpoint(engine(), params.endpointId!);
        const since = (body as { since: string }).since;
        const sinceMs = Date.parse(since);
        const requeued = engine().recover(e, sinceMs);
        return { status: 202, body: { object: 'recovery', endpointId: e.id, since: new Date(sinceMs).toISOString(), requeued } };
      },
    }),
    route({
      method: 'GET',
      path: '/v1/webhook-endpoints/{endpointId}/deliveries',
      operationId: 'listEndpointDeliveries',
      handler({ params, query }) {
        const eng = engine();
        const e = getEndpoint(eng, params.endpointId!);
        const page = eng.deliveries.page(e.id, query.status as DeliveryStatus | undefined, query.limit as number, decodeCursor(query.cursor));
        return { status: 200, body: listBody(page.items.map((row) => presentDelivery(row, eng.deliveries.attempts(row.id))), page.nextSeq) };
      },
    }),
  ];
}
