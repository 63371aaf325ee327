// /v1/events: the durable event log, oldest first.
import { toEnvelope } from '../event-log.js';
import { decodeCursor, listBody } from '../pagination.js';
import { ApiProblem } from '../problem.js';
import { route, type RouteDefinition } from '../route.js';

/** The event log routes. */
export const eventRoutes: readonly RouteDefinition[] = [
  route({
    method: 'GET',
    path: '/v1/events',
    operationId: 'listEvents',
    handler({ query }, p) {
      const page = p.eventLog.list({
        type: query.type as string | undefined,
        createdAfterMs: typeof query.createdAfter === 'string' ? Date.parse(query.createdAfter) : undefined,
        afterSeq: decodeCursor(query.cursor),
        limit: query.limit as number,
      });
      return { status: 200, body: listBody(page.items.map(toEnvelope), page.nextSeq) };
    },
  }),
  route({
    method: 'GET',
    path: '/v1/events/{eventId}',
    operationId: 'getEvent',
    handler({ params }, p) {
      const event = p.eventLog.get(params.eventId!);
      if (!event) throw new ApiProblem('not-found', { detail: `No event with id ${params.eventId}.` });
      return { status: 200, body: toEnvelope(event) };
    },
  }),
];
