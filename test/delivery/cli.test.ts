// `credkit trigger` and `credkit deliveries` against a real `credkit mock` child process (exit 2 for
// bad usage, each rejected field on its own line), and the mock's delivery console lines (--format json).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, waitFor, type Receiver } from './helpers.js';

const CLI = join(import.meta.dirname, '../../dist/cli/main.js');

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    p.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    p.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

let mock: ChildProcess;
let mockOut = '';
let apiUrl = '';
let receiver: Receiver;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does)');
  receiver = await startReceiver();
  mock = spawn(process.execPath, [CLI, 'mock', '--port', '0', '--db', ':memory:', '--forward-to', receiver.url, '--time-scale', '0.001', '-q', '--chaos', 'off', '--format', 'json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  mock.stdout!.on('data', (c: Buffer) => (mockOut += c.toString()));
  apiUrl = await waitFor(() => /credkit mock platform on (http:\/\/127\.0\.0\.1:\d+)/.exec(mockOut)?.[1], { what: 'credkit mock to be ready' });
});
afterAll(async () => {
  mock?.kill('SIGKILL');
  await receiver?.close();
});

describe('credkit trigger', () => {
  it('runs the real API flow of credential.revoked and the receiver gets both events', async () => {
    const r = await run(['trigger', 'credential.revoked', '--api-url', apiUrl]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toEqual([expect.stringMatching(/^--> credential\.issued \[evt_\w+\]$/), expect.stringMatching(/^--> credential\.revoked \[evt_\w+\]$/)]);
    const ids = lines.map((l) => /\[(evt_\w+)\]/.exec(l)![1]);
    await waitFor(() => ids.every((id) => receiver.requests.some((q) => q.headers['webhook-id'] === id)));
  });

  it('applies --set to the creating request', async () => {
    const r = await run(['trigger', 'credential.issued', '--api-url', apiUrl, '--set', 'data.title=Kubernetes Fundamentals', '--format', 'json']);
    expect(r.code).toBe(0);
    const { events } = JSON.parse(r.stdout);
    const delivered = await waitFor(() => receiver.requests.find((q) => q.headers['webhook-id'] === events[0].id));
    expect(JSON.parse(delivered.body).data.title).toBe('Kubernetes Fundamentals');
  });

  it('lists the event types', async () => {
    const r = await run(['trigger', '--list']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(15);
  });

  it('rejects an unknown type with exit 2 and a hint', async () => {
    const r = await run(['trigger', 'credential.exploded', '--api-url', apiUrl]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown event type "credential\.exploded"\nhint: one of: credential\.issued/);
  });

  it('says the mock is unreachable with a hint instead of a stack, as a usage error (exit 2)', async () => {
    const r = await run(['trigger', 'credential.issued', '--api-url', 'http://127.0.0.1:9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot reach the mock at http:\/\/127\.0\.0\.1:9\nhint: start it with `credkit mock`/);
  });

  it('rejects a --set without "=" with exit 2 before it calls the mock', async () => {
    const r = await run(['trigger', 'credential.issued', '--set', 'title', '--api-url', 'http://127.0.0.1:9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('credkit: --set needs field=value; got "title"\nhint: e.g. --set data.title="Kubernetes Fundamentals"\n');
  });

  it('prints each field the mock rejects, one line each, and the --set that sets it', async () => {
    const r = await run(['trigger', 'credential.issued', '--api-url', apiUrl, '--set', 'title=5', '--set', 'recipient.email=nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'credkit: POST /v1/credentials answered 400: 2 fields are invalid; see errors.\n' +
        '  /body/title: must be string\n' +
        '  /body/recipient/email: must match format "email"\n' +
        'hint: --set changes fields of the first request: fix or leave out --set title=…, --set recipient.email=…\n',
    );
  });

  it('says a wrong --api-key is a usage error (exit 2)', async () => {
    const r = await run(['trigger', 'credential.issued', '--api-url', apiUrl, '--api-key', 'sk_test_wrong']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^credkit: the mock rejected the API key: .*\nhint: pass the key the mock was started with: --api-key\n$/);
  });
});

describe('credkit deliveries', () => {
  it('lists deliveries by status and retries one', async () => {
    await run(['trigger', 'credential.issued', '--api-url', apiUrl]);
    const listed = await waitFor(async () => {
      const r = await run(['deliveries', 'list', '--status', 'succeeded', '--api-url', apiUrl, '--format', 'json']);
      const items = JSON.parse(r.stdout) as { id: string; eventId: string; status: string }[];
      return items.length > 0 && items;
    });
    expect(listed.every((d) => d.status === 'succeeded')).toBe(true);
    const text = await run(['deliveries', 'list', '--api-url', apiUrl]);
    expect(text.stdout).toContain(listed[0]!.id);
    const before = receiver.requests.filter((q) => q.headers['webhook-id'] === listed[0]!.eventId).length;
    const retried = await run(['deliveries', 'retry', listed[0]!.id, '--api-url', apiUrl]);
    expect(retried.code).toBe(0);
    expect(retried.stdout).toMatch(/^queued dlv_\w+ /);
    await waitFor(() => receiver.requests.filter((q) => q.headers['webhook-id'] === listed[0]!.eventId).length === before + 1);
  });

  it('says the mock is unreachable as a usage error (exit 2)', async () => {
    const r = await run(['deliveries', 'list', '--api-url', 'http://127.0.0.1:9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^credkit: cannot reach the mock at http:\/\/127\.0\.0\.1:9\nhint: /);
  });

  it('prints the field the mock rejects in an id, and which argument it came from', async () => {
    const r = await run(['deliveries', 'list', '--endpoint', 'we_nope', '--api-url', apiUrl]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'credkit: GET /v1/webhook-endpoints/we_nope/deliveries?limit=100 answered 400: 1 field is invalid; see errors.\n' +
        '  /path/endpointId: must match pattern "^we_[A-Za-z0-9]{8,40}$"\n' +
        'hint: --endpoint takes an endpoint id (we_…); GET /v1/webhook-endpoints lists them\n',
    );
  });

  it('reports an unknown delivery with the platform detail and a hint', async () => {
    const r = await run(['deliveries', 'retry', 'dlv_doesnotexist0000', '--api-url', apiUrl]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/No delivery with id dlv_doesnotexist0000\.\nhint: /);
  });
});

describe('the mock console with --format json', () => {
  it('prints one JSON object per event and per attempt, and never the secret after registration', async () => {
    await waitFor(() => mockOut.includes('"kind":"attempt"'));
    const json = mockOut.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    const registered = json.find((j) => j.kind === 'endpoint.registered');
    expect(registered.secret).toMatch(/^whsec_/);
    expect(json.some((j) => j.kind === 'event' && j.type === 'credential.issued')).toBe(true);
    expect(json.find((j) => j.kind === 'attempt')).toMatchObject({ method: 'POST', url: receiver.url, statusCode: 200, attempt: 1 });
    expect(mockOut.split(registered.secret).length - 1).toBe(1);
    // The one Ready line comes first, once the API listens, and points to where the secret is.
    expect(mockOut.match(/Ready!/g)).toHaveLength(1);
    expect(mockOut.indexOf('Ready!')).toBeLessThan(mockOut.indexOf('"kind":"endpoint.registered"'));
    expect(mockOut).toMatch(/forwarding to .*\)\. Signing secret in the endpoint\.registered line\. \^C to quit/);
  });
});
