// Expected API failures as values: one error class with a stable code, rendered as RFC 9457
// problem+json by the pipeline. The catalog is data so docs, tests and handlers share it.

/** Where problem type URIs live; `type` = PROBLEM_BASE + slug. */
export const PROBLEM_BASE = 'https://credkit.dev/problems/';

/** Every problem the mock answers with: slug → status and title. */
export const problemCatalog = {
  'validation-error': { status: 400, title: 'Your request is invalid' },
  'invalid-json': { status: 400, title: 'The request body is not valid JSON' },
  // Wrong media type and oversized bodies answer 400, not 415/413: the contract documents 400 for
  // every operation, and a contract-true mock never answers with an undocumented status.
  'unsupported-media-type': { status: 400, title: 'The request body must be application/json' },
  'payload-too-large': { status: 400, title: 'The request body is too large' },
  unauthorized: { status: 401, title: 'Missing or invalid API key' },
  // The HTTP transport's browser guard (request-guard.ts), before any route: not API answers, so
  // outside the contract; a non-browser client on a loopback name never sees them.
  'origin-not-allowed': { status: 403, title: 'Requests from other web origins are refused' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  // 421 Misdirected Request (RFC 9110 §15.5.20): this server does not answer for that name.
  'host-not-allowed': { status: 421, title: 'This Host is not served by the mock' },
  'invalid-state': { status: 409, title: "The object's state does not allow this" },
  'report-not-ready': { status: 409, title: 'The report is not ready yet' },
  'revision-mismatch': { status: 412, title: 'The object changed since you read it' },
  'idempotency-key-reused': { status: 422, title: 'Idempotency-Key reused with a different request' },
  'if-match-required': { status: 428, title: 'If-Match is required' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'internal-error': { status: 500, title: 'Internal error' },
  // The database file failed (full disk, damaged, read-only): not a bug, and the change was not saved.
  'storage-error': { status: 503, title: 'The mock could not use its database' },
  'not-implemented': { status: 501, title: 'Not implemented in the mock yet' },
} as const satisfies Record<string, { status: number; title: string }>;

/** A problem slug from {@link problemCatalog}. */
export type ProblemCode = keyof typeof problemCatalog;

/** One invalid field: a JSON pointer into the request (`/body/recipient/email`, `/query/limit`). */
export interface FieldError {
  pointer: string;
  message: string;
}

/** The problem+json body (RFC 9457). */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId: string;
  errors?: FieldError[];
}

/**
 * An expected API failure; the pipeline renders it as problem+json with the request id.
 * @example throw new ApiProblem('conflict', { detail: 'Credential crd_1 is already revoked.' });
 */
export class ApiProblem extends Error {
  override readonly name = 'ApiProblem';
  readonly status: number;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;
  constructor(
    readonly code: ProblemCode,
    { detail, errors, headers = {} }: { detail: string; errors?: FieldError[]; headers?: Record<string, string> },
  ) {
    super(detail);
    this.status = problemCatalog[code].status;
    this.errors = errors;
    this.headers = headers;
  }

  /** The problem+json body. */
  toDocument(requestId: string, instance?: string): ProblemDocument {
    return {
      type: `${PROBLEM_BASE}${this.code}`,
      title: problemCatalog[this.code].title,
      status: this.status,
      detail: this.message,
      ...(instance ? { instance } : {}),
      requestId,
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}
