// `credkit mock` as a real child process (dist/, built by `npm test`'s pretest): the Ready line,
// clean shutdown on SIGTERM, state that survives a restart and a kill -9, one-line errors with exit
// 2 for bad input, and with --forward-to: one Ready line, no secret the user passed, redacted URLs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, waitFor, type Receiver } from '../delivery/helpers.js';
import { API_KEY, spawnUntil, stopChild, validCredential } from './helpers.js';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'credkit-mock-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const READY = /Ready! credkit mock platform on (http:\/\/127\.0\.0\.1:\d+)/;

async function startCli(args: string[]) {
  const started = await spawnUntil(process.execPath, [cli, 'mock', '--port', '0', '--quiet', ...args], READY, { timeoutMs: 30_000, cwd: dir });
  const url = READY.exec(started.output())![1]!;
  return { ...started, url };
}

const api = (url: string, method: string, path: string, body?: unknown) =>
  fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${API_KEY}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) }).then(async (r) => ({ status: r.status, body: await r.json() }));

describe('credkit mock', () => {
  it('prints Ready with the URL, serves the API and stops cleanly with exit 0 on SIGTERM', async () => {
    const { child, url, output } = await startCli(['--db', ':memory:']);
    expect(output()).toContain('api key sk_test_credkit');
    const issued = await api(url, 'POST', '/v1/credentials', validCredential());
    expect(issued.status).toBe(201);
    expect(await stopChild(child)).toBe(0);
    expect(output()).toContain('Stopped.');
  });

  it('keeps state and mock time across a restart with the same --db, even after kill -9', async () => {
    const db = join(dir, 'state', 'mock.sqlite');
    mkdirSync(join(dir, 'state')); // only a missing .credkit/ folder is created for the user
    const first = await startCli(['--db', db]);
    const issued = await api(first.url, 'POST', '/v1/credentials', validCredential());
    const advanced = await fetch(`${first.url}/_mock/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"seconds": 86400}' }).then((r) => r.json());
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));

    const second = await startCli(['--db', db]);
    try {
      expect((await api(second.url, 'GET', `/v1/credentials/${issued.body.id}`)).body).toEqual(issued.body);
      const events = await api(second.url, 'GET', '/v1/events');
      expect(events.body.items.map((e: any) => e.type)).toEqual(['credential.issued']);
      const clock = await fetch(`${second.url}/_mock/clock`).then((r) => r.json());
      // The day we advanced is not lost: mock time never runs backwards across restarts.
      expect(clock.nowMs).toBeGreaterThanOrEqual(advanced.nowMs);
      const next = await api(second.url, 'POST', '/v1/credentials', validCredential());
      expect(next.body.id).not.toBe(issued.body.id);
    } finally {
      await stopChild(second.child);
    }
  });

  it('fails with one line and a hint when the port is taken', async () => {
    const { child, url } = await startCli(['--db', ':memory:']);
    try {
      const port = new URL(url).port;
      const r = spawnSync(process.execPath, [cli, 'mock', '--port', port, '--db', ':memory:'], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
      expect(r.status).toBe(2); // a flag to change, like any usage error
      expect(r.stderr).toMatch(new RegExp(`^credkit: port ${port} on 127.0.0.1 is already in use\\nhint: .*--port`));
    } finally {
      await stopChild(child);
    }
  });

  it('rejects a bad flag value with exit 2 and a hint', () => {
    const r = spawnSync(process.execPath, [cli, 'mock', '--time-scale', 'fast'], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('credkit: --time-scale must be a positive number; got "fast"\nhint: e.g. --time-scale 0.001\n');
  });

  it('suggests a port people use, not the lowest one, for a --port that is not a number', () => {
    const r = mockUsage(['--port', 'abc']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('credkit: --port must be an integer from 0 to 65535; got "abc"\nhint: e.g. --port 4010, or --port 0 for a free one\n');
  });

  it('exits 2 for a --db in a folder that does not exist: a flag to fix', () => {
    const r = spawnSync(process.execPath, [cli, 'mock', '--port', '0', '--db', join(dir, 'no-such-folder', 'x.sqlite')], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^credkit: .*no-such-folder.*\nhint: /);
  });

  it('refuses a second mock on the same --db with exit 2, naming the first one; the first keeps serving', async () => {
    mkdirSync(join(dir, 'shared'), { recursive: true });
    const db = join(dir, 'shared', 'mock.sqlite');
    const first = await startCli(['--db', db]);
    try {
      const r = spawnSync(process.execPath, [cli, 'mock', '--port', '0', '--db', db], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^credkit: .*mock\\.sqlite is in use by another process: pid ${first.child.pid}.*\\nhint: stop it \\(kill ${first.child.pid}\\), or give this one its own database`));
      expect((await api(first.url, 'POST', '/v1/credentials', validCredential())).status).toBe(201);
    } finally {
      await stopChild(first.child);
    }
    // Once the first has stopped, the file is free again.
    const again = await startCli(['--db', db]);
    await stopChild(again.child);
  });

  it('names a damaged --db file and says how to start fresh (exit 1: no flag fixes a broken file)', () => {
    const db = join(dir, 'broken.sqlite');
    writeFileSync(db, 'not a database '.repeat(200));
    const r = spawnSync(process.execPath, [cli, 'mock', '--port', '0', '--db', db], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^credkit: ${db.replace(/[.]/g, '\\.')} is not a usable credkit database: .*\\nhint: move it aside \\(mv `));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('names the flag a typo most likely meant', () => {
    const r = mockUsage(['--seeed', '7']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^credkit: Unknown option '--seeed'\nhint: did you mean --seed\?/);
  });

  it.each([['--profile', 'certn'], ['--secret', 'a-secret-of-my-own-0123456789'], ['--print-secret']])('refuses %s without --forward-to instead of ignoring it', (...args) => {
    const r = mockUsage(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^credkit: ${args[0]} has no effect without --forward-to\\nhint: add --forward-to <url>, or leave ${args[0]} out\\n$`));
  });
});

/** Runs `credkit mock` expecting it to refuse its flags (a short timeout: it must not start). */
function mockUsage(args: string[]) {
  return spawnSync(process.execPath, [cli, 'mock', '--db', ':memory:', ...args], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
}

describe('credkit mock --forward-to', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());

  it('prints one Ready line, once the API listens, that says where events go', async () => {
    const { child, output } = await spawnUntil(process.execPath, [cli, 'mock', '--port', '0', '--quiet', '--db', ':memory:', '--forward-to', receiver.url], /Ready!/, { timeoutMs: 30_000, cwd: dir });
    try {
      // The first Ready line a script sees names the API, and the API answers at once.
      const first = output().split('\n').find((l) => l.includes('Ready!'))!;
      const url = READY.exec(first)?.[1];
      expect(url, first).toBeDefined();
      expect((await api(url!, 'POST', '/v1/credentials', validCredential())).status).toBe(201);
      expect(first).toMatch(new RegExp(`, forwarding to ${receiver.url} \\(profile standard, endpoint we_\\w+\\)\\. Signing secret on the next line, printed this once \\(--print-secret shows it again\\)\\. \\^C to quit$`));
      expect(output()).toMatch(/^Signing secret: whsec_[A-Za-z0-9+/]{32}$/m); // alone on its line, easy to copy
      await waitFor(() => output().includes('<-- [200]'));
    } finally {
      await stopChild(child);
    }
    expect(output().match(/Ready!/g)).toHaveLength(1);
  });

  it.each(['text', 'json'])('never prints a secret the user passed, even with --print-secret (--format %s)', async (format) => {
    const secret = 'whsec_' + Buffer.from('a secret I typed myself!').toString('base64');
    const { child, output } = await startCli(['--db', ':memory:', '--format', format, '--forward-to', receiver.url, '--secret', secret, '--print-secret']);
    try {
      await api(READY.exec(output())![1]!, 'POST', '/v1/credentials', validCredential());
      await waitFor(() => output().includes(format === 'json' ? '"kind":"attempt"' : '<-- [200]'));
    } finally {
      await stopChild(child);
    }
    expect(output()).toMatch(/\)\. Signing with the secret you passed to --secret \(never printed\)\. \^C to quit$/m);
    expect(output()).not.toContain(secret);
    expect(output()).not.toContain(secret.slice('whsec_'.length));
    if (format === 'json') expect(output()).toMatch(/^\{"kind":"endpoint\.registered",.*"secret":null/m);
  });

  it('prints the receiver URL without its user-info and query values, on the Ready line and every attempt', async () => {
    const target = receiver.url.replace('http://', 'http://bot:hunter2@') + '?token=tok_4f9a1c&v';
    const { child, url, output } = await startCli(['--db', ':memory:', '--chaos', 'off', '--forward-to', target]);
    try {
      await api(url, 'POST', '/v1/credentials', validCredential());
      await waitFor(() => output().includes('<-- [200]'));
    } finally {
      await stopChild(child);
    }
    const shown = receiver.url.replace('http://', 'http://***@') + '?token=***&***';
    expect(output()).toContain(`forwarding to ${shown} (profile standard`);
    expect(output()).toMatch(new RegExp(`^<-- \\[200\\] POST ${shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\[evt_`, 'm'));
    expect(output()).not.toMatch(/hunter2|tok_4f9a1c/);
    expect(receiver.requests.map((r) => r.url)).toContain('/webhooks?token=tok_4f9a1c&v'); // still sent as given
  });

  it.each([
    ['v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=', 'v1,…'],
    ['v1,abc', 'v1,…'],
    ['t=1732269600,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd', 't=…,v1=…'],
  ])('says a --secret of %s is a signature, not a secret, with exit 2', (secret, shape) => {
    const r = mockUsage(['--forward-to', receiver.url, '--secret', secret]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`credkit: --secret looks like a signature (${shape}), not a secret\nhint: `);
    expect(r.stdout).not.toMatch(/Ready!/);
  });

  it('exits 2 for a --secret the profile cannot sign with', () => {
    const r = mockUsage(['--forward-to', receiver.url, '--secret', 'short']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^credkit: the secret is too short .*\nhint: /);
  });
});
