// The shape of one route of the table: transport-free, synchronous (SQLite is synchronous).
import type { MockPlatformContext } from './context.js';

/** HTTP methods the route table uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a handler gets: validated and coerced input. */
export interface RouteRequest {
  readonly method: HttpMethod;
  readonly path: string;
  readonly params: Record<string, string>;
  /** Validated against the contract, coerced to its types, defaults applied (e.g. limit = 20). */
  readonly query: Record<string, unknown>;
  /** Lower-case names. */
  readonly headers: Record<string, string | undefined>;
  /** The parsed, validated JSON body (undefined when none was sent). */
  readonly body: unknown;
  readonly requestId: string;
}

/** What a handler answers; `body` is JSON-serialised by the transport. */
export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One route. `operationId` links it to the contract (validation); mock-only routes set `contract: false`. */
export interface RouteDefinition {
  readonly method: HttpMethod;
  /** OpenAPI path template, e.g. '/v1/credentials/{credentialId}'. */
  readonly path: string;
  readonly operationId: string;
  /** false for /_mock/ controls: no auth, no contract validation. Default true. */
  readonly contract?: boolean;
  /** Mock-only routes: the query names the handler reads; any other is a 400 (contract routes use the contract). */
  readonly query?: readonly string[];
  handler(req: RouteRequest, platform: MockPlatformContext): RouteResult;
}

/**
 * Defines a route (identity, for inference and one place to document the shape).
 * @example route({ method: 'GET', path: '/v1/events/{eventId}', operationId: 'getEvent', handler: (req, p) => ({ status: 200, body: … }) })
 */
export const route = (definition: RouteDefinition): RouteDefinition => definition;

/** `"3"` — the ETag of an object at a revision. */
export const etag = (revision: number) => `"${revision}"`;
