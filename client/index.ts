// credkit/client: the typed REST client of the Credential Events API.

// Calling the API
export { createClient } from './create-client.js';
export { paginate, MAX_PAGE_SIZE } from './paginate.js';

// Problems (errors as values) and retries
export { ApiProblemError, UNEXPECTED_RESPONSE_PROBLEM } from './problem.js';
export { defaultRetryPolicy, isSafeToRepeat, retryDelayInMs } from './retry-policy.js';
export { parseRetryAfterMs } from './retry-after.js';
export { creatingPosts } from './idempotency.js';

export type { ApiClient, CreateClientOptions } from './create-client.js';
export type { ListPath, ListItem, PaginateOptions } from './paginate.js';
export type { ApiProblem, ApiFieldError } from './problem.js';
export type { RetryPolicy, RetryEffects } from './retry-policy.js';
export type { paths, components, operations } from '../generated/api.js';
