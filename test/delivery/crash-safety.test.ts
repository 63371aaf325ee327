// kill -9 safety: the real `credkit mock` child process is SIGKILLed at random moments while events
// are being recorded and delivered; after each restart on the same --db, every recorded event is
// delivered at least once and retries continue where they were.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, waitFor, type Receiver } from './helpers.js';

const CLI = join(import.meta.dirname, '../../dist/cli/main.js');
const API_KEY = 'sk_test_credkit';

interface Child {
  proc: ChildProcess;
  url: string;
  stdout: string[];
}

function startMock(args: string[]): Promise<Child> {
  const proc = spawn(process.execPath, [CLI, 'mock', '--port', '0', '-q', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: string[] = [];
  let stderr = '';
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`credkit mock did not get ready in 20 s; stderr: ${stderr}`)), 20_000);
    proc.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    proc.stdout!.on('data', (c: Buffer) => {
      buffer += c.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) !== -1) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        stdout.push(line);
        const m = /credkit mock platform on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve({ proc, url: m[1]!, stdout });
        }
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`credkit mock exited with ${code} before it was ready; stderr: ${stderr}`));
    });
  });
}

function kill9(child: Child): Promise<void> {
  return new Promise((resolve, reject) => {
    if (child.proc.exitCode !== null || child.proc.signalCode !== null) return resolve();
    const timer = setTimeout(() => reject(new Error('the killed mock did not exit within 10 s')), 10_000);
    child.proc.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.proc.kill('SIGKILL');
  });
}

/** What the test did, with times: printed when it fails, so a failure on a loaded CI machine says where it stood. */
const steps: string[] = [];
const t0 = Date.now();
const step = (what: string) => steps.push(`${Date.now() - t0} ms: ${what}`);

async function api<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    signal: AbortSignal.timeout(10_000),
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}`);
  return (await res.json()) as T;
}

let dir: string;
let receiver: Receiver;
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does)');
  dir = mkdtempSync(join(tmpdir(), 'credkit-crash-'));
});
afterAll(async () => {
  await receiver?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SIGKILL of credkit mock', () => {
  it('loses no event across several kills at random moments', { timeout: 180_000 }, async (ctx) => {
    ctx.onTestFailed(() => console.error(`crash-safety steps:\n${steps.join('\n')}`));
    // The receiver fails the first two attempts of every event (the second retry comes 300 mock s =
    // 300 real ms later), so many kills land mid-retry: those events must be accepted in a later run.
    let run = 0;
    const attempts = new Map<string, number>();
    const firstSeenRound = new Map<string, number>();
    const accepted = new Set<string>();
    let acceptedInLaterRun = 0;
    receiver = await startReceiver((r) => {
      const id = r.headers['webhook-id'] as string;
      const n = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, n);
      if (!firstSeenRound.has(id)) firstSeenRound.set(id, run);
      if (n <= 2) return { status: 500 };
      if (!accepted.has(id) && firstSeenRound.get(id)! < run) acceptedInLaterRun++;
      accepted.add(id);
      return { status: 200 };
    });
    const db = join(dir, 'mock.sqlite');
    const args = ['--db', db, '--forward-to', receiver.url, '--time-scale', '0.001'];
    let secret: string | undefined;
    const acknowledged: string[] = [];
    for (let round = 0; round < 5; round++) {
      step(`run ${run}: starting`);
      const child = await startMock(args);
      step(`run ${run}: ready at ${child.url}`);
      secret ??= child.stdout.find((l) => l.includes('Signing secret: '))?.split('Signing secret: ')[1];
      // Record events through the API until a random moment, then kill -9 (often mid-request or mid-delivery).
      const killAt = Date.now() + 50 + Math.random() * 400;
      const writer = (async () => {
        let n = 0;
        while (Date.now() < killAt) {
          try {
            const c = await api<{ id: string }>(child.url, 'POST', '/v1/credentials', { kind: 'badge', title: `Round ${round} #${n++}`, recipient: { name: 'K Nine', email: 'k9@example.com' } });
            acknowledged.push(c.id);
          } catch {
            return;
          }
        }
      })();
      await new Promise((r) => setTimeout(r, Math.max(0, killAt - Date.now())));
      await kill9(child);
      step(`run ${run}: killed after ${acknowledged.length} acknowledged credentials in all`);
      run++;
      await writer;
    }
    // The last start: nothing is killed; every recorded event must arrive.
    step('last run: starting');
    const child = await startMock(args);
    step('last run: ready');
    try {
      expect(child.stdout.some((l) => l.includes('Same signing secret as before'))).toBe(true);
      const events: { id: string; data: { id: string } }[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { id: string; data: { id: string } }[]; nextCursor: string | null } = await api(child.url, 'GET', `/v1/events?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
        events.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      // Every credential the API acknowledged has its event on disk …
      const recordedObjects = new Set(events.map((e) => e.data.id));
      expect(acknowledged.filter((id) => !recordedObjects.has(id))).toEqual([]);
      expect(events.length).toBeGreaterThan(5);
      // … and every recorded event is delivered (accepted by the receiver) at least once.
      step(`last run: ${events.length} events recorded, ${accepted.size} accepted so far`);
      await waitFor(() => events.every((e) => accepted.has(e.id)), {
        timeoutMs: 60_000,
        what: () => `every recorded event accepted by the receiver; missing ${events.filter((e) => !accepted.has(e.id)).map((e) => e.id).join(', ')}; mock said: ${child.stdout.slice(-5).join(' | ')}`,
      });
      step('last run: all accepted');
      // The kills really interrupted retry ladders (else this test would prove little).
      expect(acceptedInLaterRun).toBeGreaterThan(0);
      const wh = new Webhook(secret as string);
      for (const r of receiver.requests) expect(() => wh.verify(r.body, r.headers as Record<string, string>)).not.toThrow();
    } finally {
      await kill9(child);
    }
  });
});
