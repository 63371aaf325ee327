// The node:http transport: bytes in → MockRequest → platform.handle → bytes out.
// Deliberately thin and Fetch-free on the hot path (no Request/Response objects): it is what the
// benchmark measures against Prism.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MockPlatform, MockResponse } from './platform.js';
import { createRequestGuard, MockServerOptionError } from './request-guard.js';

export { MockServerOptionError } from './request-guard.js';

/** Options of {@link listen}. */
export interface ListenOptions {
  /** Default 4010; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1 (loopback only). Its name is served in Host besides localhost, 127.0.0.1 and [::1]. */
  host?: string;
  /** More Host names to serve (any port), e.g. ['mock.internal'] for a deliberate remote setup; ['*'] any. */
  allowedHosts?: readonly string[];
  /** Browser origins allowed to call the mock, answered with CORS, e.g. ['http://localhost:3000']; ['*'] any. */
  allowedOrigins?: readonly string[];
  /** The whole request must arrive within this (default 30 000 ms); then Node answers 408 and closes. */
  requestTimeoutMs?: number;
  /** The headers must arrive within this (default 10 000 ms; at most requestTimeoutMs). */
  headersTimeoutMs?: number;
  /** Called after each answer (the CLI prints one line per request). */
  onRequest?: (line: { method: string; path: string; status: number; ms: number; requestId: string | undefined }) => void;
}

/** A listening server. */
export interface MockHttpServer {
  readonly server: Server;
  /** e.g. http://127.0.0.1:4010 */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** The port is taken: a typed error with a hint (the CLI prints it as one line). */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  readonly code = 'port_in_use';
  constructor(
    readonly port: number,
    readonly host: string,
    readonly hint = `another process listens on ${host}:${port}; stop it or pass --port <another port> (0 picks a free one)`,
  ) {
    super(`port ${port} on ${host} is already in use`);
  }
}

/** A positive whole number of milliseconds, or a typed error: no NaN, 0 or Infinity turns a bound off. */
function timeoutOption(option: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new MockServerOptionError(option, `${option} must be a positive whole number of milliseconds; got ${String(value)}`, `e.g. ${option}: 30000`);
  }
  return value;
}

function send(res: ServerResponse, answer: MockResponse): void {
  const headers: Record<string, string | number> = answer.headers;
  if (answer.body !== undefined) headers['content-length'] = Buffer.byteLength(answer.body);
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}

/**
 * Serves a platform over HTTP. Throws {@link MockServerOptionError} for an invalid option.
 * @example const { url, close } = await listen(platform, { port: 0 }); // http://127.0.0.1:53122
 */
export async function listen(
  platform: MockPlatform,
  { port = 4010, host = '127.0.0.1', allowedHosts, allowedOrigins, requestTimeoutMs = 30_000, headersTimeoutMs = 10_000, onRequest }: ListenOptions = {},
): Promise<MockHttpServer> {
  const guard = createRequestGuard({ host, allowedHosts, allowedOrigins });
  const requestTimeout = timeoutOption('requestTimeoutMs', requestTimeoutMs);
  const headersTimeout = timeoutOption('headersTimeoutMs', headersTimeoutMs);
  if (headersTimeout > requestTimeout) {
    throw new MockServerOptionError('headersTimeoutMs', `headersTimeoutMs (${headersTimeout}) must not exceed requestTimeoutMs (${requestTimeout})`, 'the headers are part of the request: e.g. headersTimeoutMs: 10000, requestTimeoutMs: 30000');
  }
  const maxBodyBytes = platform.maxBodyBytes;

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const started = onRequest ? performance.now() : 0;
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const query = q === -1 ? '' : url.slice(q + 1);
    const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
    /** `unread`: the body is not (all) read; close instead of letting Node drain (read) the rest of it. */
    const reply = (answer: MockResponse, unread: boolean) => {
      if (unread) answer.headers.connection = 'close';
      send(res, answer);
      onRequest?.({ method, path, status: answer.status, ms: performance.now() - started, requestId: answer.headers['x-request-id'] });
    };
    const refusal = guard.check(req.headers);
    if (refusal) return reply(platform.answerProblem(refusal, path), hasBody);
    const cors = guard.corsHeaders(req.headers);
    if (cors && method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
      return reply({ status: 204, headers: cors, body: undefined }, hasBody);
    }
    const finish = (body: Buffer | undefined, bodyTooLarge = false) => {
      const answer = platform.handle({ method, path, query, headers: req.headers, body, bodyTooLarge });
      if (cors) Object.assign(answer.headers, cors);
      reply(answer, bodyTooLarge);
    };
    // Fast path: bodiless requests never wait for 'end'.
    if (!hasBody) return finish(undefined);
    // A declared size over the limit is answered at once, before a byte of the body is read.
    if (Number(req.headers['content-length']) > maxBodyBytes) return finish(undefined, true);
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) return void chunks.push(chunk);
      // Over the limit mid-stream (a chunked body has no size up front): stop reading, answer, close.
      req.off('data', onData);
      req.off('end', onEnd);
      req.pause();
      finish(undefined, true);
    };
    const onEnd = () => finish(Buffer.concat(chunks, size));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', () => res.destroy());
  };
  const server = createServer(
    {
      keepAliveTimeout: 5000,
      // A client that drips its headers or body must not hold a connection (Node's default is 300 s).
      requestTimeout,
      headersTimeout,
      // How often Node looks for overdue requests: the bounds above are kept to within this.
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(headersTimeout / 4))),
    },
    handler,
  );
  return new Promise((resolve, reject) => {    const onError = (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new PortInUseError(port, host) : err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address() as AddressInfo;
      const url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
      platform.options.baseUrl ??= url;
      resolve({
        server,
        url,
        port: address.port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
