// `credkit trigger` and `credkit deliveries` talk to a running mock. What goes wrong there is said
// the same way in both: a flag to fix is a usage error (exit 2: nothing reachable at --api-url,
// a wrong --api-key, a field the mock rejects as invalid), with each rejected field on its own line.
import { createDeliveryApi, MockApiError, type DeliveryApi } from '../mock-server/delivery/api-client.js';
import { UsageError } from './command.js';

/** One entry of a problem's `errors[]`: which field, and what is wrong with it. */
export interface FieldError {
  readonly pointer: string;
  readonly message: string;
}

/** Options of {@link connectToMock}. */
export interface ConnectOptions {
  readonly apiUrl: string;
  readonly apiKey: string;
  /** The hint for rejected fields: which flag of this command sets them. */
  readonly fieldHint: (errors: readonly FieldError[]) => string;
}

/** The client, and `explain(err)`: the error to throw instead of `err`. */
export interface MockConnection {
  readonly api: DeliveryApi;
  explain(err: unknown): unknown;
}

function fieldErrors(problem: unknown): FieldError[] {
  const errors = (problem as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.filter((e): e is FieldError => typeof e?.pointer === 'string' && typeof e?.message === 'string');
}

/**
 * @example
 * const mock = connectToMock({ apiUrl, apiKey, fieldHint: () => 'check --endpoint' });
 * try { await mock.api.call('GET', '/v1/webhook-endpoints') } catch (err) { throw mock.explain(err) }
 */
export function connectToMock({ apiUrl, apiKey, fieldHint }: ConnectOptions): MockConnection {
  // The client folds a problem into one line ("1 field is invalid; see errors."); the fields are
  // read here from the same answer. The CLI makes one call at a time, so the last answer is it.
  let last: { status: number; errors: FieldError[] } | undefined;
  const reading: typeof fetch = async (input, init) => {
    last = undefined;
    const res = await fetch(input, init);
    if (!res.ok) last = { status: res.status, errors: fieldErrors(await res.clone().json().catch(() => undefined)) };
    return res;
  };
  const api = createDeliveryApi({ apiUrl, apiKey, fetch: reading });
  return {
    api,
    explain(err) {
      if (!(err instanceof MockApiError)) return err;
      if (err.code === 'unreachable' || err.code === 'unauthorized') return new UsageError(err.message, err.hint);
      const errors = err.code === 'rejected' && last !== undefined && last.status === err.status ? last.errors : [];
      if (errors.length === 0) return err;
      const message = [err.message, ...errors.map((e) => `  ${e.pointer}: ${e.message}`)].join('\n');
      const hint = fieldHint(errors);
      // 400: the request built from the flags is invalid. Anything else is the mock's answer to a valid one.
      return err.status === 400 ? new UsageError(message, hint) : Object.assign(new Error(message), { hint });
    },
  };
}
