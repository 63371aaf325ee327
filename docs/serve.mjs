#!/usr/bin/env node
// `npm run docs:serve`: serves docs/dist on loopback. Static files only; the site needs nothing else.
//
//   node docs/serve.mjs [--port 4020] [--dir docs/dist] [--prefix /]
//
// --port 0 picks a free port; the first line on stdout is `Ready: <url of the site's index>`.
// --prefix serves the site under a path (e.g. /credkit/docs/), the way a docs host would: the
// site's links are all relative, and this is how the browser test proves it.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Content types of the files the build writes. */
const contentTypes = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
};

/**
 * The URL path the site is mounted at, with one leading and one trailing slash.
 * @example mountPath('credkit/docs') // '/credkit/docs/'
 * @param {string} prefix
 */
export function mountPath(prefix) {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

/**
 * Starts the static server.
 * @example const server = await serveDocs({ dir: 'docs/dist', port: 0 })
 * @param {{ dir: string; port?: number; host?: string; prefix?: string }} options
 * @returns {Promise<import('node:http').Server>}
 */
export function serveDocs({ dir, port = 4020, host = '127.0.0.1', prefix = '/' }) {
  const base = resolve(dir);
  const mount = mountPath(prefix);
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('bad request\n');
      return;
    }
    if (!pathname.startsWith(mount) && pathname !== mount.slice(0, -1)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`not found: ${pathname} (the site is under ${mount})\n`);
      return;
    }
    if (pathname === mount.slice(0, -1)) {
      res.writeHead(301, { location: mount }).end();
      return;
    }
    pathname = `/${pathname.slice(mount.length)}`;
    let file = normalize(join(base, pathname));
    // Never serve outside the site folder, whatever `..` or encoded separators the URL holds.
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('forbidden\n');
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`not found: ${pathname}\n`);
      return;
    }
    const type = contentTypes[/** @type {keyof typeof contentTypes} */ (extname(file))] ?? 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, 'content-length': statSync(file).size, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((resolveServer, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveServer(server));
  });
}

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4020' },
      dir: { type: 'string', default: join(root, 'docs/dist') },
      prefix: { type: 'string', default: '/' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write('Usage: node docs/serve.mjs [--port 4020] [--dir docs/dist] [--prefix /]\n');
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`docs:serve: --port must be an integer from 0 to 65535 (got "${values.port}")\nhint: --port 0 picks a free port`);
    process.exitCode = 2;
    return;
  }
  const dir = resolve(values.dir ?? join(root, 'docs/dist'));
  if (!existsSync(join(dir, 'index.html'))) {
    console.error(`docs:serve: ${dir} has no index.html\nhint: run \`npm run docs:build\` first`);
    process.exitCode = 1;
    return;
  }
  const prefix = values.prefix ?? '/';
  const server = await serveDocs({ dir, port, prefix }).catch((err) => {
    console.error(`docs:serve: cannot listen on 127.0.0.1:${port}: ${err.message}\nhint: pick another --port (0 picks a free one)`);
    process.exitCode = 1;
    return null;
  });
  if (!server) return;
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  process.stdout.write(`Ready: http://127.0.0.1:${address.port}${mountPath(prefix)}\n`);
  const stop = () => server.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
