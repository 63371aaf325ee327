// `credkit docs` as a real child process (dist/, built by `npm test`'s pretest): it finds the site
// shipped in the package, serves a site on loopback with the right content types, never serves a
// file outside it, prints the URL of the page asked for, and fails in one line when it cannot.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnUntil, stopChild } from '../mock-server/helpers.js';

const root = join(import.meta.dirname, '../..');
const CLI = join(root, 'dist/cli/main.js');
const READY = /Ready! credkit docs on (http:\/\/127\.0\.0\.1:\d+\/\S*)/;

const dir = mkdtempSync(join(tmpdir(), 'credkit-docs-cli-'));
const site = join(dir, 'site');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small built site, a file beside it that must never be served, and a symlink pointing at it. */
function writeFixtureSite(): void {
  mkdirSync(join(site, 'guides'), { recursive: true });
  mkdirSync(join(site, 'assets'), { recursive: true });
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>home</title>');
  writeFileSync(join(site, 'guides/index.html'), '<!doctype html><title>guides</title>');
  writeFileSync(join(site, 'guides/quickstart.html'), '<!doctype html><title>quickstart</title>');
  writeFileSync(join(site, 'assets/style.css'), 'body { margin: 0 }');
  writeFileSync(join(site, 'assets/favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dir, 'secret.txt'), 'outside the site');
  symlinkSync(join(dir, 'secret.txt'), join(site, 'linked.txt'));
}

function run(...args: string[]) {
  return spawnSync(process.execPath, [CLI, 'docs', ...args], { encoding: 'utf8', timeout: 20_000 });
}

/** A raw GET: fetch() would normalise `..` segments away before they reach the server. */
function rawGet(url: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('credkit docs serving a site', () => {
  let server: Awaited<ReturnType<typeof spawnUntil>>;
  let url = '';

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does)');
    writeFixtureSite();
    server = await spawnUntil(process.execPath, [CLI, 'docs', 'quickstart#step-2', '--port', '0', '--dir', site], READY, { timeoutMs: 20_000 });
    url = READY.exec(server.output())![1]!;
  });
  afterAll(async () => {
    if (server) expect(await stopChild(server.child)).toBe(0);
  });

  it('prints the loopback URL of the page asked for, a guide found by its bare name, with its anchor', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/guides\/quickstart\.html#step-2$/);
  });

  it('serves pages as HTML, a folder as its index.html, and assets with their content types', async () => {
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<title>quickstart</title>');
    expect(await (await fetch(new URL('/guides/', url))).text()).toContain('<title>guides</title>');
    expect((await fetch(new URL('/assets/style.css', url))).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await fetch(new URL('/assets/favicon.svg', url))).headers.get('content-type')).toBe('image/svg+xml');
    expect((await fetch(new URL('/nope.html', url))).status).toBe(404);
  });

  it('never serves a file outside the site, whatever the path or a symlink says', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/guides/..%2f..%2fsecret.txt', '/%2e%2e%5csecret.txt', '/linked.txt', '/index.html%00.txt', '/%E0%A4%A']) {
      const res = await rawGet(url, path);
      expect([400, 404], `${path} answered ${res.status}`).toContain(res.status);
      expect(res.body, path).not.toContain('outside the site');
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await fetch(url, { method: 'POST' })).status).toBe(405);
    expect((await fetch(url, { method: 'HEAD' })).status).toBe(200);
  });
});

describe('credkit docs when it cannot serve', () => {
  it('rejects a page the site does not have with exit 2 and a did-you-mean hint', () => {
    const r = run('guides/quikstart.html', '--port', '0', '--dir', site);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('credkit: no page "guides/quikstart.html" in the docs site\nhint: did you mean `credkit docs guides/quickstart.html`?\n');
  });

  it('says the site is not built, and how to build it, for a folder without one', () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty, { recursive: true });
    const r = run('--port', '0', '--dir', empty);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`credkit: the docs site is not built: ${join(empty, 'index.html')} does not exist\nhint: run \`npm run docs:build\` in the credkit repository (the published package ships the site built)\n`);
  });

  it('rejects a bad --port with exit 2', () => {
    const r = run('--port', 'http');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^credkit: --port must be an integer from 0 to 65535; got "http"\nhint: /);
  });

  it('looks for the site in docs/dist of the package it runs from', async () => {
    const shipped = join(root, 'docs/dist/index.html');
    // Either branch names the same place: the site the package ships, found from the CLI's own file.
    if (!existsSync(shipped)) {
      const r = run('--port', '0');
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`credkit: the docs site is not built: ${shipped} does not exist`);
      return;
    }
    const served = await spawnUntil(process.execPath, [CLI, 'docs', 'checks.html#replay.stale', '--port', '0'], READY, { timeoutMs: 20_000 });
    try {
      const pageUrl = READY.exec(served.output())![1]!;
      expect(pageUrl).toMatch(/\/checks\.html#replay\.stale$/);
      const html = await (await fetch(pageUrl)).text();
      expect(html).toContain('id="replay.stale"');
    } finally {
      await stopChild(served.child);
    }
  });
});
