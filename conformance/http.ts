// The suite's only way to talk to a receiver: node:http(s) with hard limits, so that no receiver
// (one that never answers, drips its body forever, redirects, sends garbage or a huge body, or
// drops the connection) can hold a check past its budget.
import http from 'node:http';
import https from 'node:https';
import { transportFailureOf, transportFailures, type TransportFailureCode } from '../webhooks/transport-failure.js';

/** One HTTP request the suite sends. */
export interface OutgoingRequest {
  readonly method: 'GET' | 'POST';
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** What came back, as far as the limits allowed reading it. */
export interface ReceivedResponse {
  readonly status: number;
  /** Lower-cased names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** At most `maxBodyBytes`, decoded as UTF-8. */
  readonly body: string;
  /** The body was longer than the cap, or did not end in time: the rest was not read. */
  readonly truncated: boolean;
  /** The body had not ended when the time limit struck (a receiver that answers forever). */
  readonly timedOut: boolean;
  /**
   * Present when the answer never completed: the status line and headers came, the body did not
   * end (the time limit struck, or the connection dropped mid-body). The platform counts such a
   * delivery as failed whatever its status, so the suite does too: see completeResponse.
   */
  readonly incomplete?: { readonly code: IncompleteAnswerCode; readonly message: string };
}

/** Why an answer whose status arrived is still no answer: its body never ended in time, or was cut by the receiver. */
export type IncompleteAnswerCode = 'body_timeout' | 'body_interrupted' | 'aborted';

/** Why no (complete) response was received: the delivery engine's vocabulary, plus `unresponsive` (not sent: the receiver was still busy with an earlier one). */
export type ExchangeFailureCode = TransportFailureCode | 'unresponsive';

/** One request and its outcome. Never thrown: the receiver's misbehaviour is data for the checks. */
export interface Exchange {
  readonly request: OutgoingRequest;
  /** Present when a status line and headers arrived. */
  readonly response?: ReceivedResponse;
  /** Present when no status arrived (`response` is then absent). */
  readonly failure?: { readonly code: ExchangeFailureCode; readonly message: string };
  /** From sending to the end of the body (or the limit). */
  readonly durationMs: number;
}

/** Options of createHttpClient. */
export interface HttpClientOptions {
  /** Hard limit for one exchange: connect, headers and body together. */
  readonly timeoutMs: number;
  /** Bytes of a response body read at most; the connection is destroyed after that. */
  readonly maxBodyBytes?: number;
  /** Open sockets per origin (the load check opens this many at once); keep-alive clients only. */
  readonly maxSockets?: number;
  /** Reuse connections (default). Without, every request gets its own connection, closed after the answer, and none waits for another. */
  readonly keepAlive?: boolean;
  /** Clock in milliseconds (injected in tests). */
  readonly now?: () => number;
  /** Pauses (default setTimeout): the settle pause of sendTogether before it releases the last bytes. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly userAgent?: string;
}

/** Sends requests with hard limits; `close()` releases the keep-alive sockets. */
export interface HttpClient {
  send(request: OutgoingRequest, options?: SendOptions): Promise<Exchange>;
  /**
   * Sends several requests so that they complete at the receiver at the same moment (last-byte
   * synchronisation): each gets its own connection and is written except for its body's last byte;
   * once every one is written, the last bytes go out together. Exchanges come back in order.
   */
  sendTogether(requests: readonly OutgoingRequest[], options?: SendOptions): Promise<Exchange[]>;
  close(): void;
}

/** Per-request options of send and sendTogether. */
export interface SendOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

/**
 * How long sendTogether holds the last bytes after every request was written, so that a receiver
 * has accepted each connection, read its headers and is waiting on the body when they arrive.
 */
export const GATE_SETTLE_MS = 50;

/** Holds back a request's last body byte until `release`; `written` says the rest went out. */
interface Gate {
  readonly written: () => void;
  readonly release: Promise<void>;
}

/**
 * How long a keep-alive socket may sit idle. Short on purpose: a single-threaded receiver serving
 * HTTP/1.1 keeps reading the connection it is on, so every idle socket of ours stalls the others.
 */
export const IDLE_SOCKET_TIMEOUT_MS = 100;

/** 64 KB is far more than any sensible acknowledgement and little enough to keep a hostile body harmless. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/**
 * An HTTP client for talking to untrusted receivers. Redirects are never followed (the platform
 * does not follow them either), every exchange ends within `timeoutMs`, and failures come back as
 * values.
 *
 * @example
 * const client = createHttpClient({ timeoutMs: 2_000 });
 * const exchange = await client.send({ method: 'POST', url: new URL('http://127.0.0.1:3000/hooks'), headers: {}, body: '{}' });
 * exchange.response?.status; // 200
 * client.close();
 */
export function createHttpClient({
  timeoutMs,
  maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
  maxSockets = 64,
  keepAlive = true,
  now = () => performance.now(),
  sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  userAgent = 'credkit-conformance',
}: HttpClientOptions): HttpClient {
  // Idle keep-alive sockets close after 100 ms: a single-threaded receiver that serves one
  // HTTP/1.1 connection until it closes would otherwise wait on ours while others queue.
  // Without keep-alive the agent must never queue: it would hand a queued request the socket the
  // receiver is closing (a "socket hang up" that is the client's fault), so maxSockets is lifted.
  const agentOptions = { keepAlive, maxSockets: keepAlive ? maxSockets : Infinity, keepAliveMsecs: 1_000, timeout: IDLE_SOCKET_TIMEOUT_MS };
  const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };
  // Gated requests each need a connection of their own, opened now: never an idle kept-alive one
  // the receiver may be closing, never one queued behind another request.
  const gateOptions = { keepAlive: false, maxSockets: Infinity };
  const gateAgents = { 'http:': new http.Agent(gateOptions), 'https:': new https.Agent(gateOptions) };

  // `reportedLimitMs`: the whole exchange's limit, named in messages (a retried exchange gets what is left of it).
  function once(request: OutgoingRequest, limitMs: number, reportedLimitMs: number, signal: AbortSignal | undefined, gate?: Gate): Promise<Exchange & { reused: boolean }> {
    // A gated request's answer time counts from the moment it was complete, not from the hold.
    let started = now();
    return new Promise((resolve) => {
      const protocol = request.url.protocol === 'https:' ? 'https:' : 'http:';
      const transport = protocol === 'https:' ? https : http;
      const headers: Record<string, string> = { 'user-agent': userAgent, ...request.headers };
      if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
      // Node's agent still asks for keep-alive when it queues requests (maxSockets): say it explicitly.
      if (!keepAlive || gate) headers.connection = 'close';
      let settled = false;
      let reused = false;
      let response: { status: number; headers: Record<string, string> } | undefined;
      const chunks: Buffer[] = [];
      let bytes = 0;

      const finish = (outcome: { failure?: Exchange['failure']; truncated?: boolean; incomplete?: ReceivedResponse['incomplete'] }) => {
        if (settled) return;
        settled = true;
        // A request that ended before the release (refused, timed out, aborted) must not hold the others.
        gate?.written();
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const durationMs = now() - started;
        if (response) {
          const body = Buffer.concat(chunks).subarray(0, maxBodyBytes).toString('utf8');
          // A failure after the status line (an abort, a socket error) leaves the body unfinished.
          const incomplete: ReceivedResponse['incomplete'] =
            outcome.incomplete ??
            (outcome.failure
              ? outcome.failure.code === 'aborted'
                ? { code: 'aborted', message: `status ${response.status} arrived, the body had not ended when the check ran out of time` }
                : { code: 'body_interrupted', message: `status ${response.status} arrived, then the connection failed before the body ended (${outcome.failure.message})` }
              : undefined);
          resolve({
            request,
            response: { ...response, body, truncated: (outcome.truncated ?? false) || incomplete !== undefined, timedOut: incomplete?.code === 'body_timeout', ...(incomplete ? { incomplete } : {}) },
            durationMs,
            reused,
          });
        } else {
          resolve({ request, failure: outcome.failure ?? { code: 'protocol_error', message: 'no response' }, durationMs, reused });
        }
        // A connection we stopped reading from cannot be reused: destroy it rather than leak it.
        if (outcome.failure || outcome.truncated || outcome.incomplete) req.destroy();
      };

      const req = transport.request(request.url, { method: request.method, headers, agent: (gate ? gateAgents : agents)[protocol] });
      const timer = setTimeout(() => {
        finish(
          response
            ? { truncated: true, incomplete: { code: 'body_timeout', message: `status ${response.status} arrived, the body never ended within ${Math.round(reportedLimitMs)} ms` } }
            : { failure: { code: 'timeout', message: `no answer within ${Math.round(reportedLimitMs)} ms` } },
        );
      }, limitMs);
      const onAbort = () => finish({ failure: { code: 'aborted', message: 'the check ran out of time' } });
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) onAbort();

      req.on('socket', (socket) => {
        reused = (req as http.ClientRequest & { reusedSocket?: boolean }).reusedSocket === true;
        socket.setNoDelay(true);
      });
      req.on('response', (res) => {
        const flat: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        response = { status: res.statusCode ?? 0, headers: flat };
        res.on('data', (chunk: Buffer) => {
          if (settled) return;
          bytes += chunk.length;
          chunks.push(chunk);
          if (bytes > maxBodyBytes) finish({ truncated: true });
        });
        res.on('end', () => finish({}));
        // The connection dropped before the body ended: the platform sees a reset, not an answer.
        const interrupted = () =>
          finish({ truncated: true, incomplete: { code: 'body_interrupted', message: `status ${res.statusCode ?? 0} arrived, then the connection closed before the body ended` } });
        res.on('aborted', interrupted);
        res.on('error', interrupted);
      });
      req.on('error', (err: NodeJS.ErrnoException) => finish({ failure: describeError(err) }));
      const body = request.body === undefined ? undefined : Buffer.from(request.body);
      if (gate && body && body.length > 0) {
        // Headers and all but the last byte now (no Nagle: see 'socket'); the receiver cannot act
        // on an incomplete body, so every gated request becomes actionable when its last byte lands.
        req.write(body.subarray(0, body.length - 1), () => gate.written());
        void gate.release.then(() => {
          if (settled) return;
          started = now();
          req.end(body.subarray(body.length - 1));
        });
      } else {
        gate?.written();
        req.end(body);
      }
    });
  }

  return {
    async sendTogether(requests, { signal, timeoutMs: limitMs = timeoutMs } = {}) {
      let open!: () => void;
      const release = new Promise<void>((resolve) => (open = resolve));
      const written: Promise<void>[] = [];
      const exchanges = requests.map((request) => {
        let done!: () => void;
        written.push(new Promise<void>((resolve) => (done = resolve)));
        return once(request, limitMs, limitMs, signal, { written: done, release });
      });
      // Every request either is written up to its last byte or has already ended: no wait can hang.
      await Promise.all(written);
      await sleep(GATE_SETTLE_MS);
      open();
      return (await Promise.all(exchanges)).map((exchange) => strip(exchange, 0));
    },
    async send(request, { signal, timeoutMs: limitMs = timeoutMs } = {}) {
      const first = await once(request, limitMs, limitMs, signal);
      // A keep-alive socket the receiver closed just as we reused it fails before any byte was
      // answered: that is the client's race (node's documented advice is to retry once), not the receiver's fault.
      if (first.reused && first.failure?.code === 'connection_reset') {
        const retry = await once(request, Math.max(1, limitMs - first.durationMs), limitMs, signal);
        return strip(retry, first.durationMs);
      }
      return strip(first, 0);
    },
    close() {
      for (const agent of [agents['http:'], agents['https:'], gateAgents['http:'], gateAgents['https:']]) agent.destroy();
    },
  };
}

/**
 * The response of an exchange when it is a complete answer (the body ended, or reached the
 * `maxBodyBytes` cap, which the suite stops reading at by choice), else `undefined`. The one rule
 * of what "answered" means: a status whose body never ended is no answer, as for the platform,
 * whose limit covers connect, headers and body together.
 *
 * @example completeResponse(exchange)?.status // 200, or undefined for "200, then a body that never ended"
 */
export function completeResponse(exchange: Exchange): ReceivedResponse | undefined {
  return exchange.response && !exchange.response.incomplete ? exchange.response : undefined;
}

function strip(exchange: Exchange & { reused: boolean }, extraMs: number): Exchange {
  const { reused: _reused, ...rest } = exchange;
  return { ...rest, durationMs: rest.durationMs + extraMs };
}

function describeError(err: NodeJS.ErrnoException): NonNullable<Exchange['failure']> {
  const code = transportFailureOf(err);
  const detail = code === 'protocol_error' || code === 'dns_not_found' || code === 'request_failed' ? ` (${err.code ?? err.message})` : '';
  return { code, message: `${transportFailures[code]}${detail}` };
}
