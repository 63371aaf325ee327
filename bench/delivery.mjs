// bench/delivery: the delivery engine (signing + the durable SQLite outbox + an attempt record per
// delivery) side by side with a bare keep-alive POST loop of the same bodies, to the same local no-op
// receiver (a separate process, so the receiver has its own core), in one run.
// Run: `npm run bench delivery` (builds first). Target: engine ≥ 0.5× the bare loop's deliveries/s.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMockPlatform } from '../dist/mock-server/index.js';
import { createDeliveryPlugin } from '../dist/mock-server/delivery/index.js';

const EVENTS = Number(process.env.DELIVERY_BENCH_EVENTS ?? 20_000);
const ROUNDS = 10;
const BATCH = 50; // events recorded per transaction before yielding to the sender (the API records one per request)
const CONCURRENCY = Number(process.env.DELIVERY_BENCH_CONCURRENCY ?? 1); // in flight, both sides
const TARGET_RATIO = 0.5;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// The no-op receiver: reads the body, answers 200 with an empty body, keeps the connection.
const receiverCode = `
  const { createServer } = require('node:http');
  const s = createServer({ keepAliveTimeout: 60000 }, (req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-length': '0' }); res.end(); }); });
  s.listen(0, '127.0.0.1', () => console.log(s.address().port));
`;
const receiver = spawn(process.execPath, ['-e', receiverCode], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise((resolve, reject) => {
  receiver.stdout.once('data', (d) => resolve(Number(String(d).trim())));
  receiver.once('exit', (code) => reject(new Error(`receiver exited with ${code}`)));
});
const url = `http://127.0.0.1:${port}/webhooks`;

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
const resetPeak = () => {
  globalThis.gc?.();
  peakRss = process.memoryUsage().rss;
};

// ── The engine: one platform on a file db for the whole run. Each round records its events (batches
// of BATCH per transaction, as API requests would, each writing its outbox rows in the same
// transaction), and ends when every one of them has been signed, POSTed and its attempt recorded.
const dir = mkdtempSync(join(tmpdir(), 'credkit-bench-delivery-'));
const plugin = createDeliveryPlugin({ forwardTo: url, chaos: 'off', concurrency: CONCURRENCY, write: () => {} });
const platform = createMockPlatform({ db: join(dir, 'mock.sqlite'), seed: 1, plugins: [plugin] });
await platform.start();
const bodiesAfter = platform.db.prepare('SELECT body FROM events WHERE seq > ? ORDER BY seq').pluck();
let recorded = 0;
let lastSeq = 0;

async function engineRound(count) {
  const target = plugin.engine.stats().succeeded + count;
  const started = performance.now();
  let done;
  const finished = new Promise((resolve) => (done = resolve));
  const poll = setInterval(() => plugin.engine.stats().succeeded >= target && done(), 1);
  for (let i = 0; i < count; i += BATCH) {
    platform.store.transaction(() => {
      for (let j = i; j < Math.min(count, i + BATCH); j++) {
        platform.eventLog.record({
          type: 'credential.issued',
          data: { object: 'credential', id: `crd_bench${String(recorded++).padStart(8, '0')}`, revision: 1, status: 'issued', kind: 'badge', title: 'Kubernetes Fundamentals', recipientEmail: 'ada@example.com' },
        });
      }
    });
    await new Promise((r) => setImmediate(r));
  }
  await finished;
  const seconds = (performance.now() - started) / 1000;
  clearInterval(poll);
  const bodies = bodiesAfter.all(lastSeq);
  lastSeq += bodies.length;
  return { perSecond: count / seconds, bodies };
}

// ── The anchor: the same bodies POSTed with keep-alive, CONCURRENCY at a time, no signing, no log.
async function runBare(bodies) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const post = (body) =>
    new Promise((resolve, reject) => {
      const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end(body);
    });
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < bodies.length) await post(bodies[next++]);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { perSecond: bodies.length / seconds };
}

// Short interleaved rounds: engine, then bare on the same bodies, ten times, over the same receiver.
// Other work on a loaded 2-core machine preempts rounds at random, and a bare round is shorter than
// an engine round (so more often undisturbed); comparing the best rounds of each side would favour the
// anchor. The measure is therefore the median of the per-pair ratios (each engine round against the
// bare round that ran right after it); best and median rounds of each side are printed beside it.
const warm = await engineRound(3000);
await runBare(warm.bodies);
resetPeak();
const engineRates = [];
const bareRates = [];
for (let round = 0; round < ROUNDS; round++) {
  const e = await engineRound(EVENTS / ROUNDS);
  engineRates.push(e.perSecond);
  bareRates.push((await runBare(e.bodies)).perSecond);
}
const enginePeakMb = peakRss / 1024 / 1024;
const engineStats = plugin.engine.stats();
await platform.stop();
rmSync(dir, { recursive: true, force: true });
clearInterval(sampler);
receiver.kill();

const best = (xs) => Math.max(...xs);
const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const engine = { best: best(engineRates), median: median(engineRates) };
const bare = { best: best(bareRates), median: median(bareRates) };
const ratio = median(engineRates.map((e, i) => e / bareRates[i]));
const result = {
  name: 'delivery',
  command: 'npm run bench delivery',
  date: new Date().toISOString(),
  metrics: [
    { label: `credkit delivery engine, median round (signing + durable outbox, ${CONCURRENCY} in flight)`, value: Math.round(engine.median), unit: 'deliveries/s' },
    { label: `bare keep-alive POST loop, median round (same bodies, ${CONCURRENCY} in flight)`, value: Math.round(bare.median), unit: 'deliveries/s' },
    { label: 'credkit delivery engine, best round', value: Math.round(engine.best), unit: 'deliveries/s' },
    { label: 'bare keep-alive POST loop, best round', value: Math.round(bare.best), unit: 'deliveries/s' },
    { label: `events recorded and delivered in the measured rounds (${ROUNDS} × ${EVENTS / ROUNDS}, after 3000 to warm up)`, value: EVENTS, unit: 'events' },
    { label: 'engine attempts recorded (warm-up included)', value: engineStats.attempts, unit: 'attempts' },
    { label: 'peak RSS of the process during the measured rounds (engine + anchor)', value: Math.round(enginePeakMb), unit: 'MB' },
    { label: 'ratio of the best rounds (reference: favours the shorter bare rounds on a loaded machine)', value: Number((engine.best / bare.best).toFixed(3)), unit: '×' },
    { label: `paired ratios, round by round: ${engineRates.map((e, i) => (e / bareRates[i]).toFixed(2)).join(' ')}`, value: ROUNDS, unit: 'rounds' },
  ],
  ratios: [
    { label: 'delivery engine / bare keep-alive POST loop (median of paired rounds)', value: Number(ratio.toFixed(3)), target: TARGET_RATIO, pass: ratio >= TARGET_RATIO },
  ],
};
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'delivery.json'), `${JSON.stringify(result, null, 2)}\n`);
for (const m of result.metrics) console.log(`${m.label.padEnd(80)} ${String(m.value).padStart(8)} ${m.unit}`);
for (const r of result.ratios) console.log(`${r.label.padEnd(80)} ${r.value.toFixed(3).padStart(8)} (target ≥ ${r.target}) ${r.pass ? 'PASS' : 'FAIL'}`);
process.exitCode = result.ratios[0].pass ? 0 : 1;
