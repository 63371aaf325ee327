// Errors of the API as values: every non-2xx answer becomes an RFC 9457 problem in `error`.
import type { components } from '../generated/api.js';

/** The problem+json body of every 4xx and 5xx answer (RFC 9457): type, title, status, detail, errors[], requestId. */
export type ApiProblem = components['schemas']['Problem'];

/** One invalid field of a validation problem: a JSON pointer (`/body/recipient/email`) and what is wrong. */
export type ApiFieldError = components['schemas']['FieldError'];

/** The `type` of a problem synthesized by the client when the server did not answer with problem+json. */
export const UNEXPECTED_RESPONSE_PROBLEM = 'https://credkit.dev/problems/unexpected-response';

/**
 * Thrown where a problem cannot be returned as a value (paginate's iterator). Carries the problem and
 * the HTTP response.
 *
 * @example
 * try { for await (const c of paginate(client, '/v1/credentials')) … }
 * catch (err) { if (err instanceof ApiProblemError) console.error(err.problem.detail, err.problem.requestId); }
 */
export class ApiProblemError extends Error {
  override readonly name = 'ApiProblemError';
  /** The problem's `type` URI: stable across versions, switch on it. */
  readonly code: string;
  /** What to do about it (the problem's detail). */
  readonly hint: string;

  constructor(
    readonly problem: ApiProblem,
    readonly response: Response,
  ) {
    super(`${problem.status} ${problem.title}: ${problem.detail}${problem.requestId ? ` (request ${problem.requestId})` : ''}`);
    this.code = problem.type;
    this.hint = problem.detail;
  }
}

function isProblem(value: unknown): value is ApiProblem {
  const v = value as Partial<ApiProblem> | null;
  return typeof v === 'object' && v !== null && typeof v.type === 'string' && typeof v.title === 'string' && typeof v.status === 'number';
}

/**
 * A non-2xx response whose body is guaranteed to be problem+json: a proxy's HTML 502 or an empty 503
 * becomes a problem too, so `error` always has one shape. A 2xx response is returned unchanged.
 */
export async function asProblemResponse(response: Response): Promise<Response> {
  if (response.ok || response.status === 304) return response;
  const text = await response.clone().text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (isProblem(parsed)) return response;
  const problem: ApiProblem = {
    type: UNEXPECTED_RESPONSE_PROBLEM,
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    detail: text.length > 0 ? `The server answered ${response.status} without a problem body: ${text.slice(0, 200)}` : `The server answered ${response.status} with an empty body`,
    requestId: response.headers.get('x-request-id') ?? '',
  };
  const headers = new Headers(response.headers);
  headers.set('content-type', 'application/problem+json');
  headers.delete('content-length');
  return new Response(JSON.stringify(problem), { status: response.status, statusText: response.statusText, headers });
}
