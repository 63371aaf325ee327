#!/usr/bin/env node
// `npm run docs:serve`: serves docs/dist on loopback. Static files only; the site needs nothing else.
//
//   node docs/serve.mjs [--port 4020] [--dir docs/dist] [--prefix /]
//
// --port 0 picks a free port; the first line on stdout is `Ready: <url of the site's index>`.
// --prefix serves the site under a path (e.g. /credkit/docs/), the way a docs host would: the
// site's links are all relative, and this is how the browser test proves it.
//
// The server is the one `credkit docs` ships (cli/static-server.ts, read through dist/ like the rest
// of the docs build), so its path-traversal rules are written once.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const serverModule = join(root, 'dist/cli/static-server.js');

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
  if (!existsSync(serverModule)) {
    console.error(`docs:serve: ${serverModule} is not built\nhint: run \`npm run build\` (or \`npm run docs:build\`, which builds what it needs)`);
    process.exitCode = 1;
    return;
  }
  const { mountPath, serveStatic } = await import(pathToFileURL(serverModule).href);
  const prefix = values.prefix ?? '/';
  const server = await serveStatic({ dir, port, prefix }).catch((/** @type {Error} */ err) => {
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

await main();
