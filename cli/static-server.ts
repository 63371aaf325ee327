// A static file server for the docs site (`credkit docs`, and docs/serve.mjs in a clone): GET and
// HEAD only, loopback by default, never a byte from outside its folder. No dependencies.
import { createReadStream, realpathSync, statSync, type Stats } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

/** Content types of the files the docs build writes; anything else is served as bytes. */
export const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
};

/** Options of serveStatic. */
export interface ServeStaticOptions {
  /** The folder to serve. */
  readonly dir: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** URL path the folder is mounted at, e.g. `/credkit/docs/` (the way a docs host would). */
  readonly prefix?: string;
}

/**
 * The URL path a folder is mounted at, with one leading and one trailing slash.
 *
 * @example mountPath('credkit/docs') // '/credkit/docs/'
 */
export function mountPath(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

function statOf(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff', ...headers }).end(`${text}\n`);
}

/**
 * The file a URL path names inside `base` (a folder's index.html for a folder), or undefined when
 * there is none or it would lie outside `base`, through `..`, encoded separators or a symlink.
 */
export function resolveInside(base: string, urlPath: string): string | undefined {
  if (urlPath.includes('\0')) return undefined;
  let file = normalize(join(base, urlPath));
  if (file !== base && !file.startsWith(base + sep)) return undefined;
  if (statOf(file)?.isDirectory()) file = join(file, 'index.html');
  if (!statOf(file)?.isFile()) return undefined;
  const real = realpathSync(file);
  return real.startsWith(realpathSync(base) + sep) ? real : undefined;
}

/**
 * Serves a folder over HTTP; resolves once it listens.
 *
 * @example const server = await serveStatic({ dir: 'docs/dist', port: 0 })
 */
export function serveStatic({ dir, port = 4020, host = '127.0.0.1', prefix = '/' }: ServeStaticOptions): Promise<Server> {
  const base = resolve(dir);
  const mount = mountPath(prefix);
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'method not allowed', { allow: 'GET, HEAD' });
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      return plain(res, 400, 'bad request');
    }
    if (pathname === mount.slice(0, -1) && mount !== '/') {
      res.writeHead(301, { location: mount }).end();
      return;
    }
    if (!pathname.startsWith(mount)) return plain(res, 404, `not found: ${pathname} (the site is under ${mount})`);
    const file = resolveInside(base, pathname.slice(mount.length - 1));
    // Outside the folder answers like a missing file: nothing to learn about what lies around it.
    if (file === undefined) return plain(res, 404, `not found: ${pathname}`);
    const type = contentTypes[extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, 'content-length': statSync(file).size, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((resolveServer, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolveServer(server);
    });
  });
}
