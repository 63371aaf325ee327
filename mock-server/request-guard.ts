// Who may talk to the mock over HTTP. The mock is a loopback development tool with a public default
// API key and unauthenticated /_mock/ controls, so the socket is not the boundary; the browser is:
// - Host: a DNS-rebinding page (evil.example resolving to 127.0.0.1) reaches us with its own name in
//   Host, so only loopback names and the configured listen host are served (421 otherwise).
// - Origin / Sec-Fetch-Site: any web page can send requests to 127.0.0.1; browsers label them, so a
//   request from another origin is refused (403) unless that origin was allowed on purpose.
// Non-browser clients (curl, SDKs, tests) send neither header and are unaffected.
import type { IncomingHttpHeaders } from 'node:http';
import { ApiProblem } from './problem.js';

/** Options of {@link createRequestGuard}; the same names as on `listen` and `startMockServer`. */
export interface RequestGuardOptions {
  /** The interface the server listens on; its name is accepted in Host besides the loopback names. */
  host: string;
  /** More Host names to serve (any port), e.g. ['mock.internal']; ['*'] serves any Host. */
  allowedHosts?: readonly string[] | undefined;
  /** Browser origins allowed to call the mock (with CORS), e.g. ['http://localhost:3000']; ['*'] any. */
  allowedOrigins?: readonly string[] | undefined;
}

/** An invalid server option: thrown once, when options are resolved, never a silent default. */
export class MockServerOptionError extends Error {
  override readonly name = 'MockServerOptionError';
  readonly code = 'invalid_option';
  constructor(
    readonly option: string,
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** What the transport asks before it reads a request. */
export interface RequestGuard {
  /** The problem to answer instead of serving the request, or undefined to serve it. */
  check(headers: IncomingHttpHeaders): ApiProblem | undefined;
  /** CORS response headers for a request from an allowed foreign origin (undefined for everyone else). */
  corsHeaders(headers: IncomingHttpHeaders): Record<string, string> | undefined;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
// A Host value is a reg-name or an IP literal and an optional port; anything else (userinfo, paths,
// spaces) is refused before the URL parser gets a chance to be lenient about it.
const HOST_VALUE = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(:[0-9]{1,5})?$/;
const HOST_NAME = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)$/;
const CORS_METHODS = 'GET, POST, PATCH, PUT, DELETE';
const CORS_EXPOSED = 'etag, location, retry-after, www-authenticate, idempotent-replayed, x-request-id';

/** The hostname of a Host value, normalized by the WHATWG URL parser (lower case, `[::1]`), or undefined. */
function hostnameOf(value: string): string | undefined {
  if (!HOST_VALUE.test(value)) return undefined;
  try {
    return new URL(`http://${value}`).hostname;
  } catch {
    return undefined;
  }
}

/** `http://localhost:3000/` → `http://localhost:3000`; undefined unless it is an http(s) origin and nothing more. */
function originOf(value: string): string | undefined {
  // scheme://host[:port] with at most a trailing slash: a path, query or userinfo means it is no origin.
  if (!/^https?:\/\/[^/?#@]+\/?$/i.test(value)) return undefined;
  try {
    return new URL(value).origin;
  } catch {
    return undefined;
  }
}

/** A host name option (no port; a bare IPv6 address may omit its brackets), normalized, or undefined. */
function hostOption(entry: unknown): string | undefined {
  if (typeof entry !== 'string') return undefined;
  const bracketed = entry.includes(':') && !entry.startsWith('[') ? `[${entry}]` : entry;
  return HOST_NAME.test(bracketed) ? hostnameOf(bracketed) : undefined;
}

function resolveHosts(host: string, allowedHosts: readonly string[] | undefined): Set<string> | 'any' {
  if (allowedHosts !== undefined && !Array.isArray(allowedHosts)) {
    throw new MockServerOptionError('allowedHosts', 'allowedHosts must be an array of host names', "e.g. allowedHosts: ['mock.internal'] (--allow-host mock.internal)");
  }
  if (allowedHosts?.includes('*')) return 'any';
  const names = new Set(LOOPBACK_NAMES);
  const listenName = hostOption(host);
  if (listenName !== undefined) names.add(listenName);
  for (const entry of allowedHosts ?? []) {
    const name = hostOption(entry);
    if (name === undefined) {
      throw new MockServerOptionError('allowedHosts', `allowedHosts entry ${JSON.stringify(entry)} is not a host name`, 'give names without scheme or port (any port is accepted), e.g. --allow-host mock.internal,192.168.1.20, or * for any');
    }
    names.add(name);
  }
  return names;
}

function resolveOrigins(allowedOrigins: readonly string[] | undefined): Set<string> | 'any' {
  if (allowedOrigins !== undefined && !Array.isArray(allowedOrigins)) {
    throw new MockServerOptionError('allowedOrigins', 'allowedOrigins must be an array of origins', "e.g. allowedOrigins: ['http://localhost:3000'] (--allow-origin http://localhost:3000)");
  }
  if (allowedOrigins?.includes('*')) return 'any';
  const origins = new Set<string>();
  for (const entry of allowedOrigins ?? []) {
    const origin = typeof entry === 'string' ? originOf(entry) : undefined;
    if (origin === undefined) {
      throw new MockServerOptionError('allowedOrigins', `allowedOrigins entry ${JSON.stringify(entry)} is not an origin`, 'give scheme, host and port only, e.g. --allow-origin http://localhost:3000, or * for any');
    }
    origins.add(origin);
  }
  return origins;
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(', ') : v);

/**
 * Builds the Host / Origin policy of one server; throws {@link MockServerOptionError} on a bad option.
 * @example
 * const guard = createRequestGuard({ host: '127.0.0.1' });
 * guard.check({ host: 'evil.example:4010' }); // ApiProblem 'host-not-allowed' (421)
 */
export function createRequestGuard({ host, allowedHosts, allowedOrigins }: RequestGuardOptions): RequestGuard {
  const hosts = resolveHosts(host, allowedHosts);
  const origins = resolveOrigins(allowedOrigins);
  /** A foreign origin the user allowed (not our own: same-origin requests need no CORS). */
  const allowedForeign = (origin: string) => {
    if (origins === 'any') return true;
    const normalized = originOf(origin);
    return normalized !== undefined && origins.has(normalized);
  };

  // A client sends the same Host on every request: parse each value once (the URL parser costs more
  // than the rest of a GET's transport work). Bounded, so a flood of distinct values cannot grow it.
  const hostnames = new Map<string, string | undefined>();
  const cachedHostname = (value: string) => {
    if (hostnames.has(value)) return hostnames.get(value);
    if (hostnames.size >= 64) hostnames.clear();
    const name = hostnameOf(value);
    hostnames.set(value, name);
    return name;
  };

  return {
    check(headers) {
      const hostHeader = one(headers.host);
      const name = hostHeader === undefined ? undefined : cachedHostname(hostHeader);
      if (hosts !== 'any' && (name === undefined || !hosts.has(name))) {
        return new ApiProblem('host-not-allowed', {
          detail: `This mock serves only loopback names (localhost, 127.0.0.1, [::1]) and its --host, not Host ${JSON.stringify(hostHeader ?? '')}: a page that rebinds its own name to this machine must not reach it. Call it as http://127.0.0.1:<port>, or start it with --allow-host ${name ?? '<name>'} if you reach it by that name on purpose.`,
          errors: [{ pointer: '/header/host', message: 'must be a loopback name or an --allow-host name' }],
        });
      }
      const origin = one(headers.origin);
      if (origin !== undefined) {
        // Same origin: the page was served by this mock (its console) under the Host it now calls.
        const own = hostHeader === undefined ? undefined : originOf(`http://${hostHeader}`);
        if ((own !== undefined && originOf(origin) === own) || allowedForeign(origin)) return undefined;
        return new ApiProblem('origin-not-allowed', {
          detail: `Requests from web pages of another origin (${origin}) are refused: any page you visit could otherwise drive this mock. Call it from curl, an SDK or a server, or start it with --allow-origin ${origin === 'null' ? '<origin>' : origin} to let that page in.`,
          errors: [{ pointer: '/header/origin', message: 'must be the mock’s own origin or an --allow-origin origin' }],
        });
      }
      // No Origin (a navigation or no-cors GET): browsers still say where it came from.
      if (one(headers['sec-fetch-site'])?.toLowerCase() === 'cross-site' && origins !== 'any') {
        return new ApiProblem('origin-not-allowed', {
          detail: 'A cross-site browser request (Sec-Fetch-Site: cross-site) is refused: any page you visit could otherwise drive this mock. Open the mock’s own pages, or call it from curl, an SDK or a server.',
          errors: [{ pointer: '/header/sec-fetch-site', message: 'must not be cross-site' }],
        });
      }
      return undefined;
    },
    corsHeaders(headers) {
      const origin = one(headers.origin);
      if (origin === undefined || !allowedForeign(origin)) return undefined;
      return {
        'access-control-allow-origin': origin,
        'access-control-allow-methods': CORS_METHODS,
        // The page was allowed on purpose: let it send what it asks for (Authorization, If-Match, …).
        'access-control-allow-headers': one(headers['access-control-request-headers']) ?? 'authorization, content-type, if-match, idempotency-key',
        'access-control-expose-headers': CORS_EXPOSED,
        'access-control-max-age': '600',
        vary: 'Origin',
      };
    },
  };
}
