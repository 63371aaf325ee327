#!/usr/bin/env node
// bench/conformance: wall time of the full default suite (standard profile, with a probe) against
// the node:http reference receiver running in its own process. Target: ≤ 5 s. Lists the slowest checks.
// Run: npm run bench conformance   (or, after npm run build: node bench/conformance.mjs [runs])
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { runConformance } = await import(join(root, 'dist', 'conformance', 'index.js'));
const { generateSecret } = await import(join(root, 'dist', 'webhooks', 'index.js'));

const TARGET_MS = 5_000;
const runs = Number(process.argv[2] ?? 5);
const secret = generateSecret({ profile: 'standard' });

const receiver = spawn(process.execPath, [join(root, 'dist', 'examples', 'receivers', 'node-http.js')], {
  env: { ...process.env, PORT: '0', WEBHOOK_SECRET: secret, CREDKIT_PROFILE: 'standard' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const origin = await new Promise((resolve, reject) => {
  let out = '';
  receiver.stdout.on('data', (d) => {
    out += d;
    const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
    if (m) resolve(m[1]);
  });
  receiver.on('exit', (code) => reject(new Error(`receiver exited with ${code}`)));
});

const walls = [];
const perCheck = new Map();
let last;
try {
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = await runConformance({ url: `${origin}/webhooks`, secret, probe: `${origin}/_probe` });
    walls.push(performance.now() - t0);
    for (const r of last.results) perCheck.set(r.id, [...(perCheck.get(r.id) ?? []), r.durationMs]);
    if (last.summary.failed > 0) throw new Error(`the reference receiver failed: ${last.results.filter((r) => r.status === 'failed').map((r) => r.id).join(', ')}`);
  }
} finally {
  receiver.kill();
}

const sorted = [...walls].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
const fmt = (ms) => `${Math.round(ms)} ms`;
console.log(`full default suite, standard profile, with probe, node:http reference receiver (own process), ${runs} runs`);
console.log(`  wall time: median ${fmt(median)}, min ${fmt(sorted[0])}, max ${fmt(sorted.at(-1))}  (target ≤ ${TARGET_MS} ms: ${median <= TARGET_MS ? 'met' : 'NOT met'}, ${(TARGET_MS / median).toFixed(1)}× headroom)`);
console.log(`  last run: ${last.summary.passed} passed, ${last.summary.failed} failed, ${last.summary.skipped} skipped, ${last.summary.notApplicable} not applicable; documented upper bound ${fmt(last.upperBoundMs)}`);
const slowest = [...perCheck.entries()]
  .map(([id, ms]) => [id, ms.reduce((a, b) => a + b, 0) / ms.length])
  .sort((a, b) => b[1] - a[1])
  .slice(0, 5);
console.log('  slowest checks (mean; checks of a phase run concurrently, so these overlap):');
for (const [id, ms] of slowest) console.log(`    ${id.padEnd(24)} ${fmt(ms)}`);

// The docs site's benchmark page reads bench/results/<name>.json.
const results = {
  name: 'conformance',
  command: 'npm run bench conformance',
  date: new Date().toISOString(),
  metrics: [
    { label: 'full default suite with probe, median wall time', value: Math.round(median), unit: 'ms' },
    { label: 'full default suite with probe, slowest run', value: Math.round(sorted.at(-1)), unit: 'ms' },
    ...slowest.map(([id, ms]) => ({ label: `check ${id} (mean)`, value: Math.round(ms), unit: 'ms' })),
  ],
  ratios: [{ label: 'target 5000 ms ÷ median wall time', value: Number((TARGET_MS / median).toFixed(2)), target: 1, pass: median <= TARGET_MS }],
};
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'conformance.json'), `${JSON.stringify(results, null, 2)}\n`);
process.exitCode = median <= TARGET_MS ? 0 : 1;
