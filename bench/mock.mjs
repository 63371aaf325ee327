// bench/mock: the credkit mock platform side by side with `prism mock` on the same contract
// (generated/openapi.json), the same requests and the same load generator (autocannon, same
// settings), each server in its own process. Then the mock's resident memory after 100,000 issued
// credentials (issued through the core, platform.handle, with a file database: no HTTP in that part).
// Run: `npm run bench mock` (builds first). Targets: ≥ 5× Prism's requests/s on both routes, with the
// default console on; the console costs ≤ 20 % next to --quiet.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const API_KEY = 'sk_test_credkit';
const SETTINGS = { connections: 10, pipelining: 1, duration: 5 };
const WARMUP_SECONDS = 1;
const CREDENTIALS_FOR_RSS = 100_000;
const TARGET_RATIO = 5;
/** The default console may cost at most a fifth of the throughput --quiet gets. */
const CONSOLE_COST_RATIO = 0.8;

const credentialBody = JSON.stringify({
  kind: 'certificate',
  title: 'Certified Cloud Practitioner',
  recipient: { name: 'Priya Sharma', email: 'priya.sharma@example.com' },
  expiresAt: '2029-11-22T00:00:00.000Z',
});
const headers = { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' };

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function startProcess(command, args, ready) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`not ready: ${command} ${args.join(' ')}\n${out}`)), 120_000);
    const onData = (d) => {
      out += d;
      if (ready.test(out)) {
        clearTimeout(timer);
        // From here on only drain the console (as a terminal would), without keeping it.
        child.stdout.off('data', onData);
        child.stderr.off('data', onData);
        child.stdout.on('data', () => {});
        child.stderr.on('data', () => {});
        resolve(child);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${command} exited ${code}\n${out}`)));
  });
}

const stop = (child) =>
  new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', resolve);
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });

async function load(url, { method, body }, duration) {
  const result = await autocannon({ url, method, headers, ...(body ? { body } : {}), ...SETTINGS, duration });
  const ok = result['2xx'];
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) throw new Error(`${method} ${url}: ${bad} non-2xx/errors of ${ok + bad}`);
  return { rps: result.requests.average, p99: result.latency.p99, total: ok };
}

async function measure(label, url, request) {
  await load(url, request, WARMUP_SECONDS);
  const r = await load(url, request, SETTINGS.duration);
  console.log(`  ${label.padEnd(44)} ${Math.round(r.rps).toLocaleString('en-US').padStart(8)} req/s   p99 ${String(r.p99).padStart(4)} ms`);
  return r;
}

// 1. Throughput, side by side.
const mockPort = await freePort();
const prismPort = await freePort();
// A file database, as `npm start` uses (not :memory:), so the POST figures include real SQLite writes.
const dir = mkdtempSync(join(tmpdir(), 'credkit-bench-mock-'));
// As users run it: with the default console (one line per request), not --quiet. The --quiet figure is
// measured next to it so the console's cost is visible (issue 11: it used to halve the platform).
const mock = await startProcess(process.execPath, [join(root, 'dist/cli/main.js'), 'mock', '--port', String(mockPort), '--db', join(dir, 'served.sqlite')], /Ready!/);
const quietPort = await freePort();
const quiet = await startProcess(process.execPath, [join(root, 'dist/cli/main.js'), 'mock', '--port', String(quietPort), '--db', join(dir, 'quiet.sqlite'), '--quiet'], /Ready!/);
const prism = await startProcess(join(root, 'node_modules/.bin/prism'), ['mock', join(root, 'generated/openapi.json'), '--port', String(prismPort), '--host', '127.0.0.1'], /Prism is listening/);
const mockUrl = `http://127.0.0.1:${mockPort}`;
const quietUrl = `http://127.0.0.1:${quietPort}`;
const prismUrl = `http://127.0.0.1:${prismPort}`;

const issued = await fetch(`${mockUrl}/v1/credentials`, { method: 'POST', headers, body: credentialBody }).then((r) => r.json());
const issuedQuiet = await fetch(`${quietUrl}/v1/credentials`, { method: 'POST', headers, body: credentialBody }).then((r) => r.json());
const prismId = 'crd_7Hq2LmX9pR4sT1vW';

console.log(`autocannon: ${SETTINGS.connections} connections, pipelining ${SETTINGS.pipelining}, ${SETTINGS.duration} s per run after ${WARMUP_SECONDS} s warm-up`);
const rows = {};
try {
  rows.mockGet = await measure('credkit mock  GET /v1/credentials/{id}', `${mockUrl}/v1/credentials/${issued.id}`, { method: 'GET' });
  rows.quietGet = await measure('credkit mock --quiet  GET /v1/credentials/{id}', `${quietUrl}/v1/credentials/${issuedQuiet.id}`, { method: 'GET' });
  rows.prismGet = await measure('prism mock    GET /v1/credentials/{id}', `${prismUrl}/v1/credentials/${prismId}`, { method: 'GET' });
  rows.mockPost = await measure('credkit mock  POST /v1/credentials', `${mockUrl}/v1/credentials`, { method: 'POST', body: credentialBody });
  rows.quietPost = await measure('credkit mock --quiet  POST /v1/credentials', `${quietUrl}/v1/credentials`, { method: 'POST', body: credentialBody });
  rows.prismPost = await measure('prism mock    POST /v1/credentials', `${prismUrl}/v1/credentials`, { method: 'POST', body: credentialBody });
} finally {
  await stop(mock);
  await stop(quiet);
  await stop(prism);
}

// 2. Resident memory after 100,000 credentials, issued through the core in a fresh process.
const child = `
  const { createMockPlatform } = await import(${JSON.stringify(join(root, 'dist/mock-server/index.js'))});
  const platform = createMockPlatform({ db: ${JSON.stringify(join(dir, 'mock.sqlite'))}, seed: 1 });
  await platform.start();
  const headers = { authorization: 'Bearer ${API_KEY}', 'content-type': 'application/json' };
  const started = performance.now();
  // 1,000 requests per SQLite transaction: this part measures memory, not commit latency.
  for (let i = 0; i < ${CREDENTIALS_FOR_RSS}; i += 1000) {
    platform.store.transaction(() => {
      for (let j = 0; j < 1000; j++) {
        const r = platform.handle({ method: 'POST', path: '/v1/credentials', headers, body: ${JSON.stringify(credentialBody)} });
        if (r.status !== 201) throw new Error('issue failed: ' + r.body);
      }
    });
  }
  const seconds = (performance.now() - started) / 1000;
  globalThis.gc?.();
  const count = platform.store.count('credential');
  process.stdout.write(JSON.stringify({ rss: process.memoryUsage().rss, count, seconds }));
  await platform.stop();
`;
const rssRun = await new Promise((resolve, reject) => {
  const p = spawn(process.execPath, ['--expose-gc', '--input-type=module', '-e', child], { cwd: root });
  let out = '';
  let err = '';
  p.stdout.on('data', (d) => (out += d));
  p.stderr.on('data', (d) => (err += d));
  p.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(err))));
});
rmSync(dir, { recursive: true, force: true });
const rssMiB = rssRun.rss / 1024 / 1024;
console.log(`  mock RSS after ${rssRun.count.toLocaleString('en-US')} issued credentials: ${rssMiB.toFixed(1)} MiB (issued in ${rssRun.seconds.toFixed(1)} s through platform.handle, 1,000 per transaction, file db)`);

const ratios = [
  { label: 'GET /v1/credentials/{id}: mock req/s ÷ prism req/s', value: rows.mockGet.rps / rows.prismGet.rps, target: TARGET_RATIO },
  { label: 'POST /v1/credentials: mock req/s ÷ prism req/s', value: rows.mockPost.rps / rows.prismPost.rps, target: TARGET_RATIO },
  { label: 'GET: default console req/s ÷ --quiet req/s', value: rows.mockGet.rps / rows.quietGet.rps, target: CONSOLE_COST_RATIO },
  { label: 'POST: default console req/s ÷ --quiet req/s', value: rows.mockPost.rps / rows.quietPost.rps, target: CONSOLE_COST_RATIO },
].map((r) => ({ ...r, value: Number(r.value.toFixed(2)), pass: r.value >= r.target }));
for (const r of ratios) console.log(`  ${r.pass ? '✓' : '×'} ${r.label} = ${r.value.toFixed(1)}× (target ≥ ${r.target}×)`);

const results = {
  name: 'mock',
  command: 'npm run bench mock',
  date: new Date().toISOString(),
  metrics: [
    { label: 'credkit mock GET /v1/credentials/{id}', value: Math.round(rows.mockGet.rps), unit: 'req/s' },
    { label: 'credkit mock GET /v1/credentials/{id} p99', value: rows.mockGet.p99, unit: 'ms' },
    { label: 'credkit mock --quiet GET /v1/credentials/{id}', value: Math.round(rows.quietGet.rps), unit: 'req/s' },
    { label: 'prism mock GET /v1/credentials/{id}', value: Math.round(rows.prismGet.rps), unit: 'req/s' },
    { label: 'prism mock GET /v1/credentials/{id} p99', value: rows.prismGet.p99, unit: 'ms' },
    { label: 'credkit mock POST /v1/credentials', value: Math.round(rows.mockPost.rps), unit: 'req/s' },
    { label: 'credkit mock POST /v1/credentials p99', value: rows.mockPost.p99, unit: 'ms' },
    { label: 'credkit mock --quiet POST /v1/credentials', value: Math.round(rows.quietPost.rps), unit: 'req/s' },
    { label: 'prism mock POST /v1/credentials', value: Math.round(rows.prismPost.rps), unit: 'req/s' },
    { label: 'prism mock POST /v1/credentials p99', value: rows.prismPost.p99, unit: 'ms' },
    { label: `mock RSS after ${rssRun.count} issued credentials`, value: Number(rssMiB.toFixed(1)), unit: 'MiB' },
  ],
  ratios,
};
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'mock.json'), `${JSON.stringify(results, null, 2)}\n`);
process.exitCode = ratios.every((r) => r.pass) ? 0 : 1;
