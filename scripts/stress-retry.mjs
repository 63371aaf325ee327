#!/usr/bin/env node
// `npm run stress:retry`: issue 15 item 7b, hundreds of times under CPU load. Each run starts a real
// `credkit mock --db :memory: --chaos off --time-scale 0.001 --forward-to <receiver>`, issues one
// credential and expects the receiver's 500, 500, 200 ladder to complete: attempt 1, a retry about
// 5 mock seconds (5 real ms) later, another about 5 mock minutes (300 real ms) later. A run whose next
// attempt never comes within --timeout-ms is a stall: the delivery was due and nobody sent it.
// Not part of `npm test` (it is a load test, minutes long); run it after touching the engine's
// wake-up, timer or batch code. Exit code 1 when any run stalled.
//
//   node scripts/stress-retry.mjs --runs 300 --parallel 4 --load 2
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(root, 'dist/cli/main.js');
const API_KEY = 'sk_test_credkit';
/** The receiver's answers per event id: two failures, then success. */
const LADDER = [500, 500, 200];

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '300' },
    parallel: { type: 'string', default: '4' },
    load: { type: 'string', default: '2' },
    'timeout-ms': { type: 'string', default: '15000' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log('usage: node scripts/stress-retry.mjs [--runs 300] [--parallel 4] [--load 2] [--timeout-ms 15000]\n' +
    '  --runs        scenarios to run\n  --parallel    scenarios (mock processes) at a time\n' +
    '  --load        busy-loop processes keeping the CPU loaded meanwhile\n  --timeout-ms  real ms a run may wait for its next attempt before it counts as stalled');
  process.exit(0);
}
const int = (name, min) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < min) {
    console.error(`stress-retry: --${name} must be an integer ≥ ${min}; got "${values[name]}"`);
    process.exit(2);
  }
  return n;
};
const runs = int('runs', 1);
const parallel = int('parallel', 1);
const load = int('load', 0);
const timeoutMs = int('timeout-ms', 100);
if (!existsSync(CLI)) {
  console.error('stress-retry: dist/cli/main.js is missing\nhint: npm run build');
  process.exit(2);
}

// ── The receiver: one server for every run, told apart by path (/run-<n>).
/** Per run: the real ms of each request it got. */
const seen = new Map();
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const list = seen.get(req.url) ?? [];
    list.push(Date.now());
    seen.set(req.url, list);
    res.writeHead(LADDER[list.length - 1] ?? 200, { 'content-type': 'text/plain' }).end('ok');
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const receiverBase = `http://127.0.0.1:${server.address().port}`;

// ── CPU load: processes this script starts and ends itself (by their pid).
const burners = Array.from({ length: load }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
const cleanup = () => {
  for (const b of burners) if (b.exitCode === null) b.kill('SIGKILL');
};
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));

/** One scenario; resolves with its outcome, never rejects. */
async function scenario(n) {
  const path = `/run-${n}`;
  const child = spawn(process.execPath, [CLI, 'mock', '--db', ':memory:', '--chaos', 'off', '--time-scale', '0.001', '--port', '0', '-q', '--forward-to', `${receiverBase}${path}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = (ms) => Date.now() + ms;
  const until = async (check, ms) => {
    const end = deadline(ms);
    while (Date.now() < end && child.exitCode === null) {
      const v = check();
      if (v) return v;
      await new Promise((r) => setTimeout(r, 5));
    }
    return check();
  };
  try {
    const url = await until(() => /credkit mock platform on (http:\/\/[^\s,)]+)/.exec(out)?.[1], 30_000);
    if (!url) return { n, ok: false, why: 'the mock did not get ready in 30 s', out };
    const res = await fetch(`${url}/v1/credentials`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'certificate', title: `Stress ${n}`, recipient: { name: 'Stress Test', email: 'stress@example.com' } }),
    });
    if (res.status !== 201) return { n, ok: false, why: `POST /v1/credentials answered ${res.status}`, out };
    const t0 = Date.now();
    // Each attempt must come within timeoutMs of the previous one (the schedule asks for ~5 ms, then ~300 ms).
    for (let attempt = 1; attempt <= LADDER.length; attempt++) {
      const got = await until(() => (seen.get(path)?.length ?? 0) >= attempt, timeoutMs);
      if (!got) return { n, ok: false, why: `attempt ${attempt} never came (${seen.get(path)?.length ?? 0} seen)`, out };
    }
    return { n, ok: true, ms: Date.now() - t0 };
  } catch (err) {
    return { n, ok: false, why: `error: ${err.message}`, out };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
  }
}

const started = Date.now();
const results = [];
let next = 0;
await Promise.all(
  Array.from({ length: Math.min(parallel, runs) }, async () => {
    while (next < runs) {
      const r = await scenario(next++);
      results.push(r);
      if (!r.ok) console.log(`run ${r.n}: STALLED — ${r.why}\n  mock output (tail):\n${r.out.split('\n').slice(-8).map((l) => `    ${l}`).join('\n')}`);
      if (results.length % 25 === 0) console.log(`… ${results.length}/${runs} runs, ${results.filter((x) => !x.ok).length} stalled`);
    }
  }),
);
server.close();
cleanup();

const okMs = results.filter((r) => r.ok).map((r) => r.ms).sort((a, b) => a - b);
const stalled = results.filter((r) => !r.ok);
const pct = (p) => okMs[Math.min(okMs.length - 1, Math.floor(p * okMs.length))] ?? NaN;
console.log(
  `stress-retry: ${runs} runs (${parallel} at a time, ${load} busy-loop processes) in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
    `${stalled.length} stalled; ladder of 3 attempts completed in p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, max ${okMs[okMs.length - 1] ?? NaN} ms`,
);
process.exitCode = stalled.length > 0 ? 1 : 0;
