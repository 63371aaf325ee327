// One HTTP exchange with a receiver: keep-alive sockets, a response budget in REAL time (a receiver
// is slow in wall-clock seconds whatever the mock's time scale), redirects never followed, and at
// most 1 KB of the answer kept. Never throws: every outcome is a value the engine records.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { transportFailureOf } from '../../webhooks/transport-failure.js';

/** The most of a receiver's answer kept on an attempt (the contract's `responseExcerpt` maxLength). */
export const RESPONSE_EXCERPT_BYTES = 1024;

/** What came back (or why nothing did). */
export interface HttpOutcome {
  /** The receiver's status, or null when no answer came. */
  readonly statusCode: number | null;
  /** Real ms from sending to the end of the answer (or the failure). */
  readonly latencyMs: number;
  /** null on 2xx; `http_<status>` or `redirect_not_followed` when a status came; else a transport failure (webhooks/transport-failure.ts). */
  readonly error: string | null;
  /** The first KB of the answer as text (null when none came). */
  readonly excerpt: string | null;
  /** Response headers, lower-case (empty when none came). */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The full answer body when `keepBody` was asked (the handshake compares it), else the excerpt. */
  readonly body: string | null;
}

/** One request. */
export interface HttpExchange {
  readonly method: 'POST' | 'GET';
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  /** Real ms the receiver has to answer completely. */
  readonly budgetMs: number;
  /** Keep up to this many bytes of the body in `body` (default: only the excerpt). */
  readonly keepBodyBytes?: number;
}

/** Sends requests; `close()` drops the idle sockets. */
export interface HttpSender {
  send(exchange: HttpExchange): Promise<HttpOutcome>;
  /** Aborts every request in flight (their outcome is `aborted`) and closes the sockets. */
  close(): void;
}

/** The attempt error of a status: null for 2xx. */
export function statusError(status: number): string | null {
  if (status >= 200 && status < 300) return null;
  if (status >= 300 && status < 400) return 'redirect_not_followed';
  return `http_${status}`;
}

/**
 * Creates a sender with keep-alive agents (one per scheme).
 * @example const sender = createHttpSender(); await sender.send({ method: 'POST', url, headers, body, budgetMs: 10_000 });
 */
export function createHttpSender({ maxSockets = 64, now = () => performance.now() }: { maxSockets?: number; now?: () => number } = {}): HttpSender {
  const agents = {
    'http:': new HttpAgent({ keepAlive: true, maxSockets }),
    'https:': new HttpsAgent({ keepAlive: true, maxSockets }),
  };
  const inFlight = new Set<() => void>();
  // Endpoint URLs are few and reused for every delivery: parse each once.
  const urls = new Map<string, URL>();

  const send = (ex: HttpExchange): Promise<HttpOutcome> =>
    new Promise((resolve) => {
      const started = now();
      let settled = false;
      let url = urls.get(ex.url);
      if (url === undefined) {
        try {
          url = new URL(ex.url);
        } catch {
          return resolve({ statusCode: null, latencyMs: 0, error: 'invalid_url', excerpt: null, headers: {}, body: null });
        }
        if (urls.size >= 256) urls.clear();
        urls.set(ex.url, url);
      }
      const scheme = url.protocol === 'https:' ? 'https:' : url.protocol === 'http:' ? 'http:' : undefined;
      if (scheme === undefined) return resolve({ statusCode: null, latencyMs: 0, error: 'unsupported_scheme', excerpt: null, headers: {}, body: null });
      const finish = (outcome: Omit<HttpOutcome, 'latencyMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        inFlight.delete(abort);
        resolve({ ...outcome, latencyMs: Math.max(0, Math.round(now() - started)) });
      };
      const headers: Record<string, string | number> = { ...ex.headers };
      if (ex.body !== undefined) headers['content-length'] = Buffer.byteLength(ex.body);
      const req = (scheme === 'https:' ? httpsRequest : httpRequest)({
        protocol: scheme,
        hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: ex.method,
        headers,
        agent: agents[scheme],
      });
      const fail = (error: string, res?: IncomingMessage, text?: string) =>
        finish({ statusCode: res?.statusCode ?? null, error, excerpt: text ?? null, headers: res?.headers ?? {}, body: text ?? null });
      const abort = () => {
        fail('aborted');
        req.destroy();
      };
      inFlight.add(abort);
      const timer = setTimeout(() => {
        fail('timeout');
        req.destroy();
      }, ex.budgetMs);
      req.on('error', (err: NodeJS.ErrnoException) => fail(transportFailureOf(err)));
      req.on('response', (res) => {
        const keep = Math.max(RESPONSE_EXCERPT_BYTES, ex.keepBodyBytes ?? 0);
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on('data', (chunk: Buffer) => {
          // Read to the end (the socket goes back to the pool) but keep only what we report.
          if (kept < keep) {
            chunks.push(chunk.subarray(0, keep - kept));
            kept += Math.min(chunk.length, keep - kept);
          }
        });
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const excerpt = truncateUtf8(text, RESPONSE_EXCERPT_BYTES);
          const status = res.statusCode ?? 0;
          finish({ statusCode: status, error: statusError(status), excerpt, headers: res.headers, body: ex.keepBodyBytes ? text : excerpt });
        });
        res.on('error', () => fail('connection_reset', res));
      });
      req.end(ex.body);
    });

  return {
    send,
    close() {
      for (const abort of [...inFlight]) abort();
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}

/** Cuts text to at most `bytes` UTF-8 bytes without splitting a character. */
export function truncateUtf8(text: string, bytes: number): string {
  if (Buffer.byteLength(text) <= bytes) return text;
  let out = Buffer.from(text).subarray(0, bytes).toString('utf8');
  // A cut inside a multibyte character decodes to U+FFFD at the end: drop it.
  while (out.endsWith('\uFFFD') || Buffer.byteLength(out) > bytes) out = out.slice(0, -1);
  return out;
}
