// Every item of a cursor-paginated list, page after page, as one async iterator.
import type { paths } from '../generated/api.js';
import type { ApiClient } from './create-client.js';
import { ApiProblemError, type ApiProblem } from './problem.js';

type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type ListBody<P extends keyof paths> = paths[P] extends { get: { responses: { 200: infer R } } } ? JsonOf<R> : never;

/** The contract's maximum `limit` (components.parameters.Limit). */
export const MAX_PAGE_SIZE = 100;

/** The paths whose GET answers a page: `{ items, nextCursor }`. */
export type ListPath = {
  [P in keyof paths]: ListBody<P> extends { items: unknown[]; nextCursor: string | null } ? P : never;
}[keyof paths];

/** One item of a list path, e.g. a Credential for `/v1/credentials`. */
export type ListItem<P extends ListPath> = ListBody<P> extends { items: (infer I)[] } ? I : never;

type GetParams<P extends ListPath> = paths[P] extends { get: { parameters: infer Q } } ? Q : never;

/** Options of paginate: the list's filters and path parameters; the cursor is paginate's business. */
export type PaginateOptions<P extends ListPath> = {
  readonly query?: Omit<NonNullable<GetParams<P> extends { query?: infer Q } ? Q : never>, 'cursor'>;
  readonly signal?: AbortSignal;
} & (GetParams<P> extends { path: infer PP } ? ([PP] extends [never] ? { readonly path?: never } : { readonly path: PP }) : { readonly path?: never });

/**
 * Iterates over every item of a list, following `nextCursor` until it is null, 100 items a page unless
 * `query.limit` says otherwise. A problem answer is thrown as ApiProblemError (an iterator has no
 * `error` to return it in).
 *
 * @example
 * for await (const credential of paginate(client, '/v1/credentials', { query: { status: 'issued', limit: 100 } })) {
 *   console.log(credential.id);
 * }
 */
export async function* paginate<P extends ListPath>(client: ApiClient, path: P, ...[options]: {} extends PaginateOptions<P> ? [PaginateOptions<P>?] : [PaginateOptions<P>]): AsyncGenerator<ListItem<P>, void, undefined> {
  const { query: filters = {}, path: pathParams, signal } = (options ?? {}) as { query?: Record<string, unknown>; path?: Record<string, unknown>; signal?: AbortSignal };
  // The largest page the contract allows, unless the caller chose: fewer round trips for the same items.
  const query = { limit: MAX_PAGE_SIZE, ...filters };
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    // The generic path defeats openapi-fetch's per-path typing; the public signature above carries it.
    const get = client.GET as unknown as (url: string, init: unknown) => Promise<{ data?: { items: ListItem<P>[]; nextCursor: string | null }; error?: ApiProblem; response: Response }>;
    const { data, error, response } = await get(path, {
      params: { query: cursor === undefined ? query : { ...query, cursor }, ...(pathParams ? { path: pathParams } : {}) },
      ...(signal ? { signal } : {}),
    });
    if (error !== undefined || data === undefined) throw new ApiProblemError(error as ApiProblem, response);
    yield* data.items;
    if (data.nextCursor === null || data.nextCursor === undefined) return;
    // A server that hands back a cursor it already gave would loop forever.
    if (seen.has(data.nextCursor)) throw new Error(`paginate: the server repeated cursor ${data.nextCursor} on ${path}`);
    seen.add(data.nextCursor);
    cursor = data.nextCursor;
  }
}
