// `credkit docs [page]`: serve the docs site that ships in the package (docs/dist) on 127.0.0.1, so
// the docs links that errors and reports print (`checks.html#replay.stale`) open offline.
import { existsSync, readdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, relative, resolve, sep } from 'node:path';
import { UsageError, type CommandSpec } from '../command.js';
import { didYouMean } from '../did-you-mean.js';
import { packageRoot } from '../package-root.js';
import { resolveInside, serveStatic } from '../static-server.js';

/** Where the built site sits inside the package (the package's `files` ship it; `npm run docs:build` writes it). */
const SITE_DIR = 'docs/dist';

/** Every .html page of the site, relative to its root, e.g. `guides/quickstart.html`. */
function sitePages(dir: string, sub = ''): string[] {
  return readdirSync(join(dir, sub), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sitePages(dir, join(sub, e.name)) : e.name.endsWith('.html') ? [join(sub, e.name).split(sep).join('/')] : [],
  );
}

/**
 * The site path of the page a user named, with its #anchor: as given, or with `.html`, or as a
 * guide (`quickstart` → `guides/quickstart.html`). A page that does not exist is a usage error.
 */
function pagePath(dir: string, asked: string): string {
  const hash = asked.indexOf('#');
  const [path, anchor] = hash === -1 ? [asked, ''] : [asked.slice(0, hash), asked.slice(hash)];
  const trimmed = path.replace(/^\/+/, '');
  for (const candidate of [trimmed, `${trimmed}.html`, `guides/${trimmed}.html`]) {
    const file = resolveInside(dir, `/${candidate}`);
    if (file !== undefined) return `${relative(dir, file).split(sep).join('/')}${anchor}`;
  }
  const pages = sitePages(dir);
  // Compared by bare name (`verifying` → guides/verifying-signatures.html): a shared `.html` would make every name look close.
  const bare = (page: string) => page.replace(/\.html$/, '').replace(/^guides\//, '');
  const byName = new Map(pages.map((p) => [bare(p), p]));
  const meantName = didYouMean(bare(trimmed), [...byName.keys()]);
  const meant = meantName === undefined ? undefined : byName.get(meantName);
  throw new UsageError(`no page "${path}" in the docs site`, meant ? `did you mean \`credkit docs ${meant}\`?` : `pages: ${pages.length > 8 ? `${pages.slice(0, 8).join(', ')}, …` : pages.join(', ')}`);
}

export const command: CommandSpec = {
  name: 'docs',
  summary: 'Serve the docs site that ships with credkit on 127.0.0.1',
  usage: 'credkit docs [page] [--port <port>]',
  description:
    'Serves the docs site of this version of credkit (the API and events reference, guides, the check catalog) on 127.0.0.1 and prints ' +
    'the URL of the page you name. Error messages and conformance reports name their page this way: `credkit docs checks.html#replay.stale`. ' +
    'Offline: the site makes no request to another host. Stops on Ctrl-C.',
  options: {
    port: { type: 'string', short: 'p', valueName: 'port', description: 'Port to listen on (0 picks a free one)', default: '4020' },
    host: { type: 'string', valueName: 'host', description: 'Interface to listen on', default: '127.0.0.1' },
    dir: { type: 'string', valueName: 'folder', description: 'Serve this built site instead of the one in the package' },
  },
  positionals: [{ name: 'page', description: 'A page of the site, with an optional #anchor, e.g. guides/verifying-signatures.html' }],
  examples: ['npx credkit docs', 'npx credkit docs guides/quickstart.html', 'npx credkit docs checks.html#replay.stale --port 0'],
  async run({ values, positionals, stdout, signal }) {
    const rawPort = String(values.port);
    const port = Number(rawPort);
    if (!/^\d+$/.test(rawPort) || port > 65535) throw new UsageError(`--port must be an integer from 0 to 65535; got "${rawPort}"`, 'e.g. --port 4020 (0 picks a free one)');
    const dir = typeof values.dir === 'string' ? resolve(values.dir) : join(packageRoot(), SITE_DIR);
    if (!existsSync(join(dir, 'index.html'))) {
      throw Object.assign(new Error(`the docs site is not built: ${join(dir, 'index.html')} does not exist`), {
        hint: 'run `npm run docs:build` in the credkit repository (the published package ships the site built)',
      });
    }
    const page = positionals[0] === undefined ? '' : pagePath(dir, positionals[0]);
    const host = String(values.host);
    const server = await serveStatic({ dir, port, host }).catch((err: NodeJS.ErrnoException) => {
      // A taken port is a flag to change, like a bad one: exit 2 (as `credkit mock`).
      if (err.code === 'EADDRINUSE') throw new UsageError(`port ${port} on ${host} is already in use`, 'pick another --port (0 picks a free one)');
      throw err;
    });
    const { port: bound } = server.address() as AddressInfo;
    const origin = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
    stdout.write(`Ready! credkit docs on ${origin}/${page} (Ctrl-C stops)\n`);
    await new Promise<void>((done) => (signal.aborted ? done() : signal.addEventListener('abort', () => done(), { once: true })));
    await new Promise<void>((done) => {
      server.close(() => done());
      server.closeAllConnections();
    });
    return 0;
  },
};
