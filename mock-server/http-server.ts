// The node:http transport: bytes in → MockRequest → platform.handle → bytes out.
// Deliberately thin and Fetch-free on the hot path (no Request/Response objects): it is what the
// benchmark measures against Prism.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MockPlatform, MockResponse } from './platform.js';

/** Options of {@link listen}. */
export interface ListenOptions {
  /** Default 4010; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
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

function send(res: ServerResponse, answer: MockResponse): void {
  const headers: Record<string, string | number> = answer.headers;
  if (answer.body !== undefined) headers['content-length'] = Buffer.byteLength(answer.body);
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}

/**
 * Serves a platform over HTTP.
 * @example const { url, close } = await listen(platform, { port: 0 }); // http://127.0.0.1:53122
 */
export function listen(platform: MockPlatform, { port = 4010, host = '127.0.0.1', onRequest }: ListenOptions = {}): Promise<MockHttpServer> {
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const started = onRequest ? performance.now() : 0;
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const query = q === -1 ? '' : url.slice(q + 1);
    const finish = (body: string | undefined, bodyTooLarge = false) => {
      const answer = platform.handle({ method: req.method ?? 'GET', path, query, headers: req.headers, body, bodyTooLarge });
      send(res, answer);
      onRequest?.({ method: req.method ?? 'GET', path, status: answer.status, ms: performance.now() - started, requestId: answer.headers['x-request-id'] });
    };
    // Fast path: bodiless requests never wait for 'end'.
    if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) return finish(undefined);
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > platform.maxBodyBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      // An oversized body still reaches the pipeline (flagged, not buffered) so the answer is its problem+json.
      finish(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8'), tooLarge);
    });
    req.on('error', () => res.destroy());
  };
  const server = createServer({ keepAliveTimeout: 5000 }, handler);
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new PortInUseError(port, host) : err);
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
