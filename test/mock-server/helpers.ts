// Shared fixtures of the mock-server tests: a platform on a frozen real clock (only explicit
// advances move mock time), and a tiny client over platform.handle.
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequestRaw, type IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:net';
import { createMockPlatform, type MockPlatform, type MockPlatformOptions } from '../../mock-server/index.js';

/** Real time frozen at this instant; mock time moves only through advance(). */
export const FROZEN_NOW = Date.parse('2026-11-22T10:00:00.000Z');

/** Real timers that never fire on their own: tests move time explicitly. */
export const manualTimers = { setTimeout: () => 0, clearTimeout: () => {} };

export const API_KEY = 'sk_test_credkit';

/** A platform on a frozen clock, in memory, seed 7. */
export async function frozenPlatform(options: MockPlatformOptions = {}): Promise<MockPlatform> {
  const platform = createMockPlatform({ db: ':memory:', seed: 7, now: () => FROZEN_NOW, timers: manualTimers, ...options });
  await platform.start();
  return platform;
}

export interface Answer<T = any> {
  status: number;
  headers: Record<string, string>;
  body: T;
}

/**
 * Calls the platform in-process, JSON in and out, authenticated unless `auth: false`. Like a JSON
 * client it labels every request but a GET `application/json` (the /_mock/ controls require it).
 */
export function caller(platform: MockPlatform) {
  return <T = any>(method: string, path: string, { body, headers = {}, auth = true, raw }: { body?: unknown; headers?: Record<string, string>; auth?: boolean; raw?: string } = {}): Answer<T> => {
    const [p, q] = path.split('?');
    const res = platform.handle({
      method,
      path: p!,
      query: q ?? '',
      headers: { ...(auth ? { authorization: `Bearer ${API_KEY}` } : {}), ...(body !== undefined || raw !== undefined || method !== 'GET' ? { 'content-type': 'application/json' } : {}), ...headers },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    return { status: res.status, headers: res.headers, body: res.body === undefined ? undefined : JSON.parse(res.body) };
  };
}

/** A valid CredentialCreate body; tests change one thing. */
export const validCredential = () => ({
  kind: 'certificate',
  title: 'Certified Cloud Practitioner',
  recipient: { name: 'Priya Sharma', email: 'priya.sharma@example.com' },
  expiresAt: '2027-11-22T10:00:00.000Z',
  metadata: { cohort: '2026-Q4' },
});

/** A valid CaseCreate body. */
export const validCase = () => ({
  candidate: { name: 'Lukas Schneider', email: 'lukas.schneider@example.org' },
  checks: ['identity_verification', 'criminal_record', 'employment_history'],
  reference: 'REQ-2041',
});

/** A valid BusinessCreate body. */
export const validBusiness = () => ({ legalName: 'Northwind Traders GmbH', registrationNumber: 'HRB 123456', country: 'DE', website: 'https://northwind.example' });

/** A free loopback port (for tools like Prism that cannot listen on port 0 and report it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Spawns a child and resolves once a line of its output matches `ready`; rejects on exit or timeout. */
export function spawnUntil(command: string, args: string[], ready: RegExp, { timeoutMs = 60_000, cwd = process.cwd(), env = process.env } = {}): Promise<{ child: ChildProcess; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} not ready after ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve({ child, output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code} before it was ready:\n${out}`));
    });
  });
}

/** Stops a child and waits for it (SIGTERM, then SIGKILL after a grace period). */
export function stopChild(child: ChildProcess, graceMs = 5000): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}

export interface HttpAnswer<T = any> {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The parsed body, or undefined when it is empty. */
  body: T;
}

/**
 * One request over real HTTP with exactly these headers: unlike fetch it can send any Host, Origin
 * or Sec-Fetch-Site, and bytes as they are. A fresh connection each time (no pooling).
 * @example await httpRequest(mock.url, 'POST', '/_mock/reset', { headers: { origin: 'http://evil.example' } })
 */
export function httpRequest<T = any>(baseUrl: string, method: string, path: string, { headers = {}, body }: { headers?: Record<string, string>; body?: string | Uint8Array } = {}): Promise<HttpAnswer<T>> {
  return new Promise((resolve, reject) => {
    const req = httpRequestRaw(new URL(path, baseUrl), { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: text === '' ? undefined : JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
