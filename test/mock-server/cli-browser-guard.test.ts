// `credkit mock --allow-host / --allow-origin` as a real child process (dist/, built by `npm test`'s
// pretest): the flags are in --help, open the guard only as far as asked, and a value that is not a
// host name or an origin stops the start with one line and a hint.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { httpRequest, spawnUntil, stopChild } from './helpers.js';

const cli = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
const READY = /Ready! credkit mock platform on (http:\/\/127\.0\.0\.1:\d+)/;

async function startCli(args: string[]) {
  const started = await spawnUntil(process.execPath, [cli, 'mock', '--port', '0', '--quiet', '--db', ':memory:', ...args], READY, { timeoutMs: 30_000 });
  return { ...started, url: READY.exec(started.output())![1]! };
}

describe('credkit mock --allow-host / --allow-origin', () => {
  it('documents both flags in --help', () => {
    const help = spawnSync(process.execPath, [cli, 'mock', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--allow-host <names>/);
    expect(help.stdout).toMatch(/--allow-origin <origins>/);
  });

  it('serves the Host names and origins it was given, and still refuses others', async () => {
    const { child, url } = await startCli(['--allow-host', 'mock.internal, other.internal', '--allow-origin', 'http://localhost:3000']);
    try {
      const port = new URL(url).port;
      expect((await httpRequest(url, 'GET', '/_mock/health', { headers: { host: `other.internal:${port}` } })).status).toBe(200);
      expect((await httpRequest(url, 'GET', '/_mock/health', { headers: { host: 'attacker.example' } })).status).toBe(421);
      const allowed = await httpRequest(url, 'GET', '/_mock/health', { headers: { origin: 'http://localhost:3000' } });
      expect(allowed.status).toBe(200);
      expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:3000');
      expect((await httpRequest(url, 'GET', '/_mock/health', { headers: { origin: 'http://evil.example' } })).status).toBe(403);
    } finally {
      await stopChild(child);
    }
  });

  it('stops with one line, a hint and the usage exit code 2 for a value that is not an origin', () => {
    const r = spawnSync(process.execPath, [cli, 'mock', '--port', '0', '--db', ':memory:', '--allow-origin', 'localhost:3000'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^credkit: allowedOrigins entry "localhost:3000" is not an origin\nhint: give scheme, host and port only, e\.g\. --allow-origin http:\/\/localhost:3000/);
  });
});
