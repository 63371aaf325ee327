// `credkit conformance` end to end: real processes (the built CLI, a built reference receiver),
// real ports, every reporter, every exit code, and no secret in any output.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReceiver as createUnknownType500 } from '../../examples/receivers/broken/unknown-type-500.js';
import { recognisableSecret, start, type Started } from './helpers.js';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const SECRET = recognisableSecret('standard');
const CANARY = 'LEAKCANARY';

interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'conformance', ...args], { cwd: root, env: { PATH: process.env.PATH, CI: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts a built reference receiver as its own process on a free port; resolves with its origin. */
function startReceiverProcess(file: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; origin: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'dist', 'examples', 'receivers', file)], { env: { PATH: process.env.PATH, PORT: '0', ...env } });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`receiver did not start: ${out}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, origin: match[1]! });
      }
    });
    child.on('exit', (code) => reject(new Error(`receiver exited with ${code}: ${out}`)));
  });
}

let reference: { child: ChildProcess; origin: string };
let broken: Started;
let echoing: Started;
let spelling: Started;
// A standard secret whose base64 has "+" and "/", so its URL, base64url and JSON spellings differ from it.
const key = Buffer.concat([Buffer.from('LEAKCANARY12'), Buffer.from('fbefbeffffff', 'hex'), Buffer.from('012345')]);
const SLASHED_SECRET = `whsec_${key.toString('base64')}`; // whsec_TEVBS0NBTkFSWTEy++++////MDEyMzQ1
/** The spellings of it a receiver's framework may print: URL, JSON, base64(url), hex; and of its key bytes. */
const SPELLINGS = {
  urlEncoded: encodeURIComponent(SLASHED_SECRET),
  jsonSlashes: JSON.stringify(SLASHED_SECRET).slice(1, -1).replace(/\//g, '\\/'),
  base64url: Buffer.from(SLASHED_SECRET).toString('base64url'),
  base64: Buffer.from(SLASHED_SECRET).toString('base64'),
  hex: Buffer.from(SLASHED_SECRET).toString('hex'),
  keyUrlEncoded: encodeURIComponent(key.toString('base64')),
  keyBase64url: key.toString('base64url'),
  keyHex: key.toString('hex'),
};
const outDir = mkdtempSync(join(tmpdir(), 'credkit-conformance-'));

beforeAll(async () => {
  reference = await startReceiverProcess('node-http.js', { WEBHOOK_SECRET: SECRET });
  broken = await start(createUnknownType500({ secret: SECRET }));
  // A careless receiver that echoes the secret it verified with in its error answers.
  echoing = await start(
    createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(401, { 'content-type': 'text/plain' }).end(`bad signature; expected one made with ${SECRET}`));
    }),
  );
  // One that echoes it in every other spelling.
  spelling = await start(
    createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(401, { 'content-type': 'text/plain' }).end(Object.entries(SPELLINGS).map(([k, v]) => `${k}=${v}`).join(' ')));
    }),
  );
});

afterAll(async () => {
  reference.child.kill();
  await broken.close();
  await echoing.close();
  await spelling.close();
});

describe('credkit conformance (CLI)', () => {
  it('exits 0 against the reference receiver and prints a plain progress line per check in CI', async () => {
    const { code, stdout } = await runCli(['--url', `${reference.origin}/webhooks`, '--secret', SECRET, '--probe', `${reference.origin}/_probe`]);
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(/✓ signature\.valid/);
    expect(stdout).toMatch(/– handshake\.challenge/);
    expect(stdout).toMatch(/16 passed, 0 failed, 0 skipped, 1 not applicable/);
    expect(stdout).not.toMatch(/\u001b\[/);
  });

  it('exits 1 when a check fails, and shows what was sent, what came back, why and the fix', async () => {
    const { code, stdout } = await runCli(['--url', broken.url, '--secret', SECRET, '--probe', broken.probe]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/× compat\.unknown-type/);
    expect(stdout).toMatch(/sent: +POST \/webhooks/);
    expect(stdout).toMatch(/came back: +500/);
    expect(stdout).toMatch(/why it matters:/);
    expect(stdout).toMatch(/fix: answer 2xx to any verified event whose type you do not handle/);
  });

  it('prints exactly the documented JSON shape with --reporter json', async () => {
    const { code, stdout } = await runCli(['--url', broken.url, '--secret', SECRET, '--reporter', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { summary: Record<string, number>; checks: Record<string, unknown>[] };
    expect(Object.keys(report).sort()).toEqual(['checks', 'summary']);
    expect(Object.keys(report.summary).sort()).toEqual(['failed', 'notApplicable', 'passed', 'skipped']);
    expect(report.checks).toHaveLength(17);
    for (const c of report.checks) expect(Object.keys(c).sort()).toEqual(['durationMs', 'hint', 'id', 'message', 'status']);
    const failed = report.checks.filter((c) => c.status === 'failed');
    expect(failed.map((c) => c.id)).toEqual(['compat.unknown-type']);
    expect(failed[0]!.hint).toMatch(/2xx/);
  });

  it('writes a JUnit file that XML parsers read, one testcase per check, with the failure and its hint', async () => {
    const file = join(outDir, 'reports', 'conformance.xml');
    const { code, stdout } = await runCli(['--url', broken.url, '--secret', SECRET, '--reporter', 'junit', '--output-file', file]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/written to/);
    const xml = readFileSync(file, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
      testsuites: { failures: string; testsuite: { testcase: { name: string; failure?: { message: string } }[] } };
    };
    const cases = doc.testsuites.testsuite.testcase;
    expect(cases).toHaveLength(17);
    expect(doc.testsuites.failures).toBe('1');
    const failing = cases.filter((c) => c.failure);
    expect(failing.map((c) => c.name)).toEqual([expect.stringMatching(/^compat\.unknown-type/)]);
    expect(failing[0]!.failure!.message).toMatch(/fix: answer 2xx/);
  });

  it('annotates failures for GitHub and appends a Markdown summary to $GITHUB_STEP_SUMMARY', async () => {
    const summary = join(outDir, 'step-summary.md');
    const { code, stdout } = await runCli(['--url', broken.url, '--secret', SECRET, '--reporter', 'github'], { GITHUB_STEP_SUMMARY: summary });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^::error title=credkit conformance%3A compat\.unknown-type::/m);
    const markdown = readFileSync(summary, 'utf8');
    expect(markdown).toMatch(/^## credkit conformance: 1 failed/m);
    expect(markdown).toMatch(/\| × \| `compat\.unknown-type`/);
  });

  it('fails the run on skipped checks with --strict', async () => {
    const { code, stdout } = await runCli(['--url', `${reference.origin}/webhooks`, '--secret', SECRET, '--only', 'signature.valid,idempotency.duplicate', '--strict']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/○ idempotency\.duplicate/);
    expect(stdout).toMatch(/--strict/);
  });

  it.each([
    [['--secret', SECRET], /missing --url/],
    [['--url', 'http://127.0.0.1:1/webhooks'], /missing --secret/],
    [['--url', 'ftp://127.0.0.1/x', '--secret', SECRET], /must be an http\(s\) URL/],
    [['--url', 'http://127.0.0.1:1/webhooks', '--secret', SECRET, '--only', 'signature.vaild'], /unknown check "signature\.vaild"/],
    [['--url', 'http://127.0.0.1:1/webhooks', '--secret', SECRET, '--budget-ms', 'soon'], /--budget-ms must be a whole number/],
    [['--url', 'http://127.0.0.1:1/webhooks', '--secret', SECRET, '--reporter', 'xml'], /--reporter must be one of/],
    [['--url', 'http://127.0.0.1:1/webhooks', '--secret', SECRET, '--budget', '5'], /--budget was renamed/],
  ])('exits 2 with one line and a hint for bad usage: %j', async (args, message) => {
    const { code, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/^hint: /m);
  });

  it('exits 2 within two seconds when nothing listens at --url', async () => {
    const t0 = performance.now();
    const { code, stderr } = await runCli(['--url', 'http://127.0.0.1:1/webhooks', '--secret', SECRET]);
    expect(performance.now() - t0).toBeLessThan(4_000); // process start included
    expect(code).toBe(2);
    expect(stderr).toMatch(/nothing is listening at http:\/\/127\.0\.0\.1:1\/webhooks \(connection refused\)/);
    expect(stderr).toMatch(/hint: start your receiver first/);
  });

  it('never prints the secret in any report, even when the receiver echoes it back', async () => {
    const outputs: string[] = [];
    for (const reporter of ['default', 'json', 'junit', 'github']) {
      const file = join(outDir, `secret-${reporter}.out`);
      const summary = join(outDir, `secret-${reporter}.md`);
      const ran = await runCli(['--url', echoing.url, '--secret', SECRET, '--reporter', reporter, '--output-file', file, '--budget-ms', '2000'], { GITHUB_STEP_SUMMARY: summary });
      expect(ran.code).toBe(1);
      outputs.push(ran.stdout, ran.stderr, readFileSync(file, 'utf8'));
      if (reporter === 'github') outputs.push(readFileSync(summary, 'utf8'));
    }
    const all = outputs.join('\n');
    expect(all).toMatch(/\[redacted\]/); // the echo reached the report, redacted
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain(SECRET.slice('whsec_'.length));
    expect(all).not.toContain(CANARY);
    expect(readdirSync(outDir).length).toBeGreaterThan(4);
  });

  it('never prints the secret URL-encoded, base64, base64url, hex or JSON-escaped either, nor its key bytes', async () => {
    const outputs: string[] = [];
    for (const reporter of ['default', 'json']) {
      const ran = await runCli(['--url', spelling.url, '--secret', SLASHED_SECRET, '--reporter', reporter, '--only', 'signature.valid', '--budget-ms', '2000']);
      expect(ran.code).toBe(1);
      outputs.push(ran.stdout, ran.stderr);
    }
    const all = outputs.join('\n');
    expect(all).toMatch(/urlEncoded=\[redacted\]/); // the echo reached the report
    for (const [name, value] of Object.entries(SPELLINGS)) expect(all, name).not.toContain(value);
  });
});
