// Why a delivery got no answer: one vocabulary for the mock's delivery attempts (the `error` of an
// attempt in the deliveries API and the console) and the conformance suite's exchanges, so that the
// same broken receiver reads the same in both. A status that did come back is not a transport
// failure: the engine records it as `http_<status>` or `redirect_not_followed`.

/** Every transport failure, with the sentence shown to people. */
export const transportFailures = {
  timeout: 'no complete answer within the response budget',
  connection_refused: 'connection refused: nothing is listening there',
  connection_reset: 'the receiver closed the connection without answering',
  dns_not_found: 'the host name does not resolve',
  host_unreachable: 'no route to the host',
  protocol_error: 'the answer is not valid HTTP',
  aborted: 'the sender stopped waiting (shutdown)',
  invalid_url: 'the endpoint URL cannot be parsed',
  unsupported_scheme: 'the endpoint URL is neither http nor https',
  request_failed: 'the request failed before any answer',
} as const;

/** A key of {@link transportFailures}. */
export type TransportFailureCode = keyof typeof transportFailures;

const byErrno: Readonly<Record<string, TransportFailureCode>> = {
  ECONNREFUSED: 'connection_refused',
  ECONNRESET: 'connection_reset',
  EPIPE: 'connection_reset',
  ENOTFOUND: 'dns_not_found',
  EAI_AGAIN: 'dns_not_found',
  EHOSTUNREACH: 'host_unreachable',
  ENETUNREACH: 'host_unreachable',
  ETIMEDOUT: 'timeout',
};

/**
 * The failure code of a node request error (`req.on('error')`).
 * @example transportFailureOf(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })) // 'connection_refused'
 */
export function transportFailureOf(err: { readonly code?: string | undefined; readonly message?: string }): TransportFailureCode {
  const known = err.code === undefined ? undefined : byErrno[err.code];
  if (known) return known;
  // node's HTTP parser (HPE_…) rejected the answer; "socket hang up" is a close before any byte of it.
  if (err.code?.startsWith('HPE_')) return 'protocol_error';
  if (err.message === 'socket hang up') return 'connection_reset';
  return 'request_failed';
}
