// The judgements checks share: what an answer means, and how a request and its answer are shown
// in a report (short, single-line, signatures shortened, never a secret).
import type { CheckOutcome, Evidence } from './check.js';
import type { Exchange } from './http.js';

/**
 * What one answer means for the platform. `incomplete`: a status arrived but its body never ended
 * (within the request limit, or the connection dropped): the platform's limit covers the body too,
 * so that is a failed delivery, neither accepted nor rejected, whatever the status said.
 */
export type Verdict = 'accepted' | 'rejected' | 'redirected' | 'server_error' | 'no_answer' | 'incomplete' | 'unexpected';

/**
 * 2xx accepted, 4xx rejected, 3xx redirected (never followed), 5xx server error, nothing: no
 * answer, a status whose body never ended: incomplete. Every check that asks "was it accepted?"
 * asks it here, so a half answer can never pass as a 2xx.
 *
 * @example verdictOf(exchange) // 'accepted' for "204 No Content", 'incomplete' for "200, then a body that never ends"
 */
export function verdictOf(exchange: Exchange): Verdict {
  if (exchange.response?.incomplete) return 'incomplete';
  const status = exchange.response?.status;
  if (status === undefined) return 'no_answer';
  if (status >= 200 && status < 300) return 'accepted';
  if (status >= 400 && status < 500) return 'rejected';
  if (status >= 300 && status < 400) return 'redirected';
  if (status >= 500 && status < 600) return 'server_error';
  return 'unexpected';
}

const MAX_BODY_SHOWN = 160;

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** Signatures are long and meaningless to a reader: show their start. */
function shortValue(name: string, value: string): string {
  return /signature/i.test(name) && value.length > 24 ? `${value.slice(0, 20)}…` : value;
}

/**
 * The request of an exchange in one line, e.g.
 * `POST /webhooks (webhook-signature removed) webhook-id: evt_… body: {"id":…}`.
 */
export function describeSent(exchange: Exchange, label: string): string {
  const { request } = exchange;
  const headers = Object.entries(request.headers)
    .filter(([name]) => !/^(content-type|user-agent|content-length)$/i.test(name))
    .map(([name, value]) => `${name}: ${shortValue(name, value)}`)
    .join('; ');
  const body = request.body === undefined ? '' : ` body (${Buffer.byteLength(request.body)} bytes): ${oneLine(request.body, MAX_BODY_SHOWN)}`;
  // The path only: a query string may carry a token (the label names what matters, e.g. the challenge).
  return `${request.method} ${request.url.pathname} (${label})${headers ? ` headers: ${headers}` : ''}${body}`;
}

/** The answer of an exchange in one line, e.g. `500 after 3 ms: {"error":"unknown type"}`. */
export function describeReceived(exchange: Exchange): string {
  const ms = Math.round(exchange.durationMs);
  if (!exchange.response) return `${exchange.failure?.message ?? 'no answer'} (after ${ms} ms)`;
  const { status, headers, body, truncated, incomplete } = exchange.response;
  const location = status >= 300 && status < 400 && headers.location ? ` Location: ${headers.location}` : '';
  if (incomplete) return `no complete answer after ${ms} ms (${incomplete.message})${location}${body ? `; body so far: ${oneLine(body, MAX_BODY_SHOWN)}` : ''}`;
  const shown = body ? `: ${oneLine(body, MAX_BODY_SHOWN)}${truncated ? ' (body cut off)' : ''}` : truncated ? ' (body cut off)' : ' (empty body)';
  return `${status} after ${ms} ms${location}${shown}`;
}

/** Evidence of one exchange. */
export function evidenceOf(exchange: Exchange, label: string): Evidence {
  return { sent: describeSent(exchange, label), received: describeReceived(exchange) };
}

/** A labelled exchange, as checks collect them. */
export interface Labelled {
  readonly label: string;
  readonly exchange: Exchange;
}

/**
 * Judges deliveries that must be rejected with a 4xx. A 2xx fails with the check's fix, a 5xx with
 * "answer 4xx, don't crash", anything else says what came back.
 */
export function expectRejected(
  sent: readonly Labelled[],
  { what, fixWhenAccepted }: { readonly what: string; readonly fixWhenAccepted: string },
): CheckOutcome {
  const bad = sent.filter((s) => verdictOf(s.exchange) !== 'rejected');
  if (bad.length === 0) return { status: 'passed', message: `rejected ${sent.length === 1 ? 'the delivery' : `all ${sent.length} deliveries`} with a 4xx (${what})` };
  const accepted = bad.filter((s) => verdictOf(s.exchange) === 'accepted');
  const crashed = bad.filter((s) => verdictOf(s.exchange) === 'server_error');
  const evidence = bad.slice(0, 3).map((s) => evidenceOf(s.exchange, s.label));
  if (accepted.length > 0) {
    return {
      status: 'failed',
      message: `accepted ${describeList(accepted)} with ${accepted[0]!.exchange.response!.status}; it must be rejected with a 4xx`,
      hint: fixWhenAccepted,
      evidence,
    };
  }
  if (crashed.length > 0) {
    return {
      status: 'failed',
      message: `answered ${crashed[0]!.exchange.response!.status} to ${describeList(crashed)}; a bad delivery is the sender's fault: 4xx, not 5xx`,
      hint: 'catch the verification error and answer 400 (credkit/webhooks: `catch (err) { if (err instanceof WebhookVerificationError) return res.status(err.status) }`); a 5xx makes the platform retry a delivery that can never succeed',
      evidence,
    };
  }
  const first = bad[0]!;
  return {
    status: 'failed',
    message: `${describeVerdict(first)} to ${describeList(bad)}; expected a 4xx`,
    hint: hintForVerdict(verdictOf(first.exchange)) ?? fixWhenAccepted,
    evidence,
  };
}

/**
 * Judges deliveries that must be accepted with a 2xx. `fixWhenRefused` is the check's own fix for a
 * 4xx/5xx; redirects and silence get the transport hint.
 */
export function expectAccepted(sent: readonly Labelled[], { what, fixWhenRefused }: { readonly what: string; readonly fixWhenRefused: string }): CheckOutcome {
  const bad = sent.filter((s) => verdictOf(s.exchange) !== 'accepted');
  if (bad.length === 0) return { status: 'passed', message: `accepted ${sent.length === 1 ? 'the delivery' : `all ${sent.length} deliveries`} with a 2xx (${what})` };
  const first = bad[0]!;
  const verdict = verdictOf(first.exchange);
  return {
    status: 'failed',
    message: `${describeVerdict(first)} to ${describeList(bad)}; expected a 2xx`,
    hint: verdict === 'rejected' || verdict === 'server_error' ? fixWhenRefused : (hintForVerdict(verdict) ?? fixWhenRefused),
    evidence: bad.slice(0, 3).map((s) => evidenceOf(s.exchange, s.label)),
  };
}

/** What came back, as the start of a sentence: `answered 500`, `got no answer (…)`, `got no complete answer (…)`. */
export function describeVerdict(s: Labelled): string {
  const { exchange } = s;
  if (exchange.response?.incomplete) return `got no complete answer (${exchange.response.incomplete.message})`;
  if (exchange.response) return `answered ${exchange.response.status}`;
  return `got no answer (${exchange.failure?.message ?? 'nothing came back'})`;
}

function describeList(items: readonly Labelled[]): string {
  const labels = items.map((i) => i.label);
  const unique = [...new Set(labels)];
  return unique.length <= 3 ? unique.join(', ') : `${unique.slice(0, 3).join(', ')} and ${unique.length - 3} more`;
}

/** Hints for answers that are wrong whatever the check expected. */
export function hintForVerdict(verdict: Verdict): string | undefined {
  switch (verdict) {
    case 'redirected':
      return 'configure the exact URL that answers (scheme, host, path and trailing slash): the platform never follows redirects';
    case 'no_answer':
      return 'answer within the response budget: acknowledge with a 2xx right after verifying and do the work afterwards (a queue or a background task)';
    case 'incomplete':
      return 'end the response: send the status with a complete body (or an empty one) and close it right after verifying; do not stream an acknowledgement or keep the response open while working, and make sure no proxy holds it back (the platform waits for the whole answer)';
    case 'unexpected':
      return 'answer with a final 2xx, 4xx or 5xx status';
    case 'accepted':
    case 'rejected':
    case 'server_error':
      return undefined;
    default: {
      const never: never = verdict;
      throw new Error(`unknown verdict ${String(never)}`);
    }
  }
}
