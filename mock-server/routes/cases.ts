// /v1/cases and their checks and report.
import { getCase, openCase, presentCase, type Case, type CaseInput, type Check } from '../lifecycle/cases.js';
import { decodeCursor, listBody } from '../pagination.js';
import { ApiProblem } from '../problem.js';
import { etag, route, type RouteDefinition } from '../route.js';

/** The screening routes. */
export const caseRoutes: readonly RouteDefinition[] = [
  route({
    method: 'POST',
    path: '/v1/cases',
    operationId: 'createCase',
    handler: ({ body }, p) => {
      const c = openCase(p, body as CaseInput);
      return { status: 201, body: presentCase(c), headers: { ETag: etag(c.revision) } };
    },
  }),
  route({
    method: 'GET',
    path: '/v1/cases',
    operationId: 'listCases',
    handler({ query }, p) {
      const page = p.store.list<Case>('case', { status: query.status as string | undefined, afterSeq: decodeCursor(query.cursor), limit: query.limit as number, order: 'desc' });
      return { status: 200, body: listBody(page.items.map(presentCase), page.nextSeq) };
    },
  }),
  route({
    method: 'GET',
    path: '/v1/cases/{caseId}',
    operationId: 'getCase',
    handler({ params }, p) {
      const c = getCase(p, params.caseId!);
      return { status: 200, body: presentCase(c), headers: { ETag: etag(c.revision) } };
    },
  }),
  route({
    method: 'GET',
    path: '/v1/cases/{caseId}/checks',
    operationId: 'listCaseChecks',
    handler({ params, query }, p) {
      const c = getCase(p, params.caseId!);
      const page = p.store.list<Check>('check', { parentId: c.id, afterSeq: decodeCursor(query.cursor), limit: query.limit as number });
      return { status: 200, body: listBody(page.items, page.nextSeq) };
    },
  }),
  route({
    method: 'GET',
    path: '/v1/cases/{caseId}/report',
    operationId: 'getCaseReport',
    handler({ params }, p) {
      const c = getCase(p, params.caseId!);
      if (!c.report) {
        throw new ApiProblem('report-not-ready', {
          detail: `The report of case ${c.id} is not ready (the case is ${c.status}); wait for case.report_ready.`,
        });
      }
      return { status: 200, body: c.report };
    },
  }),
];
