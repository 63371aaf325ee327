// docs/serve.mjs as a real process: it serves the built site under a prefix and nothing outside it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('docs:serve', () => {
  let dir = '';
  let child: ChildProcess | undefined;
  let url = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'credkit-serve-test-'));
    mkdirSync(join(dir, 'site/guides'), { recursive: true });
    writeFileSync(join(dir, 'site/index.html'), '<!doctype html><title>home</title>');
    writeFileSync(join(dir, 'site/guides/index.html'), '<!doctype html><title>guides</title>');
    writeFileSync(join(dir, 'secret.txt'), 'outside the site');
    child = spawn(process.execPath, [join(root, 'docs/serve.mjs'), '--port', '0', '--dir', join(dir, 'site'), '--prefix', '/docs/'], { stdio: ['ignore', 'pipe', 'pipe'] });
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('server did not start')), 20_000);
      child?.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /^Ready: (\S+)$/m.exec(out)?.[1];
        if (found) {
          clearTimeout(timer);
          resolve(found);
        }
      });
    });
  });

  afterAll(() => {
    child?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the URL of the site under its prefix on loopback', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/docs\/$/);
  });

  it('serves a folder as its index.html, as HTML', async () => {
    const res = await fetch(new URL('guides/', url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toContain('<title>guides</title>');
  });

  it('answers 404 outside the prefix and never serves a file outside the site folder', async () => {
    const origin = new URL(url).origin;
    expect((await fetch(`${origin}/index.html`)).status).toBe(404);
    for (const path of ['/docs/../secret.txt', '/docs/%2e%2e/secret.txt', '/docs/..%2fsecret.txt']) {
      const res = await fetch(`${origin}${path}`);
      expect(res.status, path).not.toBe(200);
      expect(await res.text()).not.toContain('outside the site');
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await fetch(url, { method: 'POST' })).status).toBe(405);
  });
});
