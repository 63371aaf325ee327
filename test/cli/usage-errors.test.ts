// Usage errors of the `credkit` commands as a new user meets them, real child processes of the built
// CLI: exit 2, one line, and a hint that names the fix (a did-you-mean for a mistyped flag).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '../../dist/cli/main.js');

function credkit(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 20_000, env: { PATH: process.env.PATH } });
}

describe('usage errors', () => {
  it.each([
    [['conformance', '--ulr', 'http://127.0.0.1:3000/webhooks'], '--ulr', '--url'],
    [['mock', '--forward', 'http://127.0.0.1:3000/webhooks'], '--forward', '--forward-to'],
    [['trigger', 'credential.issued', '--api-ulr', 'http://127.0.0.1:4010'], '--api-ulr', '--api-url'],
  ])('%j: says which flag was meant', (args, typed, meant) => {
    const r = credkit(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`credkit: Unknown option '${typed}'\nhint: did you mean ${meant}? (run \`credkit ${args[0]} --help\` for the options)\n`);
  });

  it('keeps the plain hint for a flag that is close to none', () => {
    const r = credkit('conformance', '--zebra');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("credkit: Unknown option '--zebra'\nhint: run `credkit conformance --help` for the options\n");
  });

  it('says a conformance --secret that is a signature header value is not a secret', () => {
    const r = credkit('conformance', '--url', 'http://127.0.0.1:1/webhooks', '--secret', 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^credkit: --secret looks like a signature \(v1,…\), not a secret\nhint: /);
  });
});

describe('a port in use', () => {
  const site = mkdtempSync(join(tmpdir(), 'credkit-site-'));
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>site</title>');
  let taken: Server;
  let port: number;
  beforeAll(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    port = (taken.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => taken.close(() => resolve()));
    rmSync(site, { recursive: true, force: true });
  });

  it.each([['mock', '--db', ':memory:'], ['docs', '--dir', site]])('is a usage error for `credkit %s` (exit 2)', (...args) => {
    const r = credkit(...args, '--port', String(port));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^credkit: port ${port} on 127\\.0\\.0\\.1 is already in use\\nhint: .*--port`));
  });
});
