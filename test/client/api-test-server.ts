// A small real HTTP server on loopback for the client tests: scripted answers per route, every request recorded.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server saw it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** One scripted answer. */
export interface ScriptedAnswer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  /** JSON-serialized unless a string. */
  readonly body?: unknown;
}

type Handler = (request: RecordedRequest) => ScriptedAnswer;

/** A loopback API server whose routes answer from scripts; unscripted requests get a 404 problem. */
export class ApiTestServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes = new Map<string, ScriptedAnswer[] | Handler>();
  private server: Server | undefined;
  url = '';

  /** Answers `METHOD /path` with these answers in turn (the last one repeats), or by a handler. */
  on(method: string, path: string, answers: ScriptedAnswer[] | Handler): this {
    this.routes.set(`${method} ${path}`, answers);
    return this;
  }

  reset(): void {
    this.routes.clear();
    this.requests.length = 0;
  }

  async start(): Promise<string> {
    this.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const recorded: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      this.requests.push(recorded);
      const route = this.routes.get(`${recorded.method} ${recorded.path}`);
      let answer: ScriptedAnswer;
      if (route === undefined) {
        answer = { status: 404, headers: { 'content-type': 'application/problem+json' }, body: { type: 'https://credkit.dev/problems/not-found', title: 'Not found', status: 404, detail: `No route ${recorded.path}`, requestId: 'req_test0000000001' } };
      } else if (typeof route === 'function') {
        answer = route(recorded);
      } else {
        answer = (route.length > 1 ? route.shift() : route[0]) as ScriptedAnswer;
      }
      const body = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      const contentType = typeof answer.body === 'string' || answer.body === undefined ? 'text/plain' : answer.status >= 400 ? 'application/problem+json' : 'application/json';
      res.writeHead(answer.status, { 'content-type': contentType, ...answer.headers });
      res.end(body);
    });
    this.server.keepAliveTimeout = 1000;
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  }
}
