// `credkit mock` as a real child process (dist/, built by `npm test`'s pretest): the Ready line,
// clean shutdown on SIGTERM, state that survives a restart and a kill -9, and one-line errors.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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
    const first = await startCli(['--db', db]);
    const issued = await api(first.url, 'POST', '/v1/credentials', validCredential());
    const advanced = await fetch(`${first.url}/_mock/clock/advance`, { method: 'POST', body: '{"seconds": 86400}' }).then((r) => r.json());
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
      expect(r.status).toBe(1);
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
});
