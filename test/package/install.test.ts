// The package as integrators get it: `npm pack`, installed into a fresh project, then used the way
// the README says: strict tsc (nodenext and bundler, skipLibCheck off), a vitest file with
// credkit/msw, `npx credkit mock` answering credkit/client, `npx credkit conformance` against the
// reference receiver that ships in the package. And @credkit/sdk alone: nothing native, one dependency.
// Runs on whatever `node` is first on PATH (.ci/run repeats it on Node 22, 24 and 26).
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-ignore -- plain ESM helper shared with test/docs/guide-code-blocks.test.ts
import { codeBlocks } from '../docs/code-blocks.mjs';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = join(root, 'test/package/consumer');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const dev = pkg.devDependencies as Record<string, string>;
// Node ≥ 22.13 has node:sqlite: there the optional native driver is installed unbuilt and then
// deleted, which proves the CLI needs no native module on current Node. (`--omit=optional` would
// prove it too, but it also strips the consumer's own tools: vitest's rolldown ships its binary as one.)
const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
const hasNodeSqlite = major > 22 || (major === 22 && minor >= 13);
const INSTALL_TIMEOUT = 300_000;

let work: string;
let consumer: string;
let tarball: string;
let sdkTarball: string;

/** Runs a command in the consumer project; never throws, so a failure's output lands in the assertion message. */
async function sh(cwd: string, file: string, args: string[], timeout = 120_000, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(file, args, { cwd, timeout, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env } });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number | string; stdout?: string; stderr?: string; message: string };
    return { code: typeof e.code === 'number' ? e.code : 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}${e.message}` };
  }
}

async function pack(dir: string): Promise<string> {
  // dist/ and docs/dist were built by `pretest`; packing with scripts would rebuild them under the
  // feet of the test files running in parallel.
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
  return join(work, (JSON.parse(stdout) as { filename: string }[])[0]!.filename);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'credkit-install-'));
  for (const required of ['dist/cli/main.js', 'dist/generated/api.d.ts', 'docs/dist/index.html']) {
    if (!existsSync(join(root, required))) throw new Error(`${required} is missing: run \`npm run build && npm run docs:build\` (npm test's pretest does)`);
  }
  tarball = await pack(root);
  await run(process.execPath, [join(root, 'scripts/build-sdk.mjs'), '--no-build']);
  sdkTarball = await pack(join(root, 'packages/sdk'));

  consumer = join(work, 'consumer');
  cpSync(fixture, consumer, { recursive: true });
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
  const install = await sh(
    consumer,
    'npm',
    [
      'install', '--no-audit', '--no-fund', '--prefer-offline',
      ...(hasNodeSqlite ? ['--ignore-scripts'] : []),
      tarball, sdkTarball,
      `typescript@${dev.typescript}`, `@types/node@${dev['@types/node']}`, `msw@${dev.msw}`, `vitest@${dev.vitest}`,
    ],
    INSTALL_TIMEOUT,
  );
  if (install.code !== 0) throw new Error(`npm install into the consumer failed:\n${install.out}`);
  if (hasNodeSqlite) rmSync(join(consumer, 'node_modules/better-sqlite3'), { recursive: true, force: true });
}, INSTALL_TIMEOUT + 60_000);

afterAll(() => {
  if (work && !process.env.KEEP_CONSUMER) rmSync(work, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('ships what a user needs and nothing else', async () => {
    const { stdout } = await run('tar', ['-tzf', tarball], { maxBuffer: 16 * 1024 * 1024 });
    const files = stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
    for (const f of ['LICENSE', 'README.md', 'package.json', 'dist/cli/main.js', 'dist/generated/api.d.ts', 'generated/openapi.json', 'docs/dist/index.html', 'dist/examples/receivers/node-http.js']) {
      expect(files, f).toContain(f);
    }
    const stray = files.filter((f) => f.endsWith('.map') || (f.endsWith('.ts') && !f.endsWith('.d.ts')) || f.startsWith('spec/') || f.includes('/broken/') || f.startsWith('test/'));
    expect(stray).toEqual([]);
    // One copy of the contract: generated/openapi.json (the `credkit/openapi.json` export).
    expect(files.filter((f) => f.endsWith('openapi.json'))).toEqual(['generated/openapi.json']);
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toContain('Apache License');
  });
});

describe('a strict TypeScript consumer', () => {
  it.each(['nodenext', 'bundler'])('type-checks the receiver and the client under moduleResolution %s with skipLibCheck off', async (mode) => {
    const tsc = await sh(consumer, 'npx', ['--no-install', 'tsc', '-p', `tsconfig.${mode}.json`]);
    expect(tsc.out, tsc.out).not.toMatch(/error TS/);
    expect(tsc.code).toBe(0);
  });

  // All negative files in one tsc run per resolution mode; each must fail on its own line, naming the typo.
  const negatives: [string, RegExp][] = [
    ['negative/misspelt-event-type.ts', /misspelt-event-type\.ts\(\d+,\d+\): error TS2367:[^\n]*credential\.revokd/],
    ['negative/misspelt-path.ts', /misspelt-path\.ts\(\d+,\d+\): error TS2\d{3}:[^\n]*\/v1\/credentialz/],
    ['negative/wrong-body.ts', /wrong-body\.ts\(\d+,\d+\): error TS2\d{3}:[^\n]*whatever/],
  ];
  it.each(['nodenext', 'bundler'])('refuses a misspelt event type, a misspelt path and an unknown body field under %s (the types are real, not any)', async (mode) => {
    const config = JSON.parse(readFileSync(join(consumer, `tsconfig.${mode}.json`), 'utf8'));
    const name = `tsconfig.negative.${mode}.json`;
    writeFileSync(join(consumer, name), JSON.stringify({ ...config, include: negatives.map(([file]) => file) }));
    const tsc = await sh(consumer, 'npx', ['--no-install', 'tsc', '-p', name]);
    expect(tsc.code, `${mode}: the negative files compiled`).not.toBe(0);
    for (const [file, expected] of negatives) expect(tsc.out, `${file}\n${tsc.out}`).toMatch(expected);
  });

  it('compiles every TypeScript block of the Quickstart and client pages against the installed package', async () => {
    const blocks = ['quickstart', 'client'].flatMap((page) => (codeBlocks(join(root, 'docs/guides', `${page}.md`)) as { lang: string; filename: string; code: string }[]).filter((b) => b.lang === 'ts'));
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    mkdirSync(join(consumer, 'guides'), { recursive: true });
    for (const b of blocks) writeFileSync(join(consumer, 'guides', b.filename), b.code);
    const config = JSON.parse(readFileSync(join(consumer, 'tsconfig.nodenext.json'), 'utf8'));
    // The pages run these files with Node's type stripping, so only erasable syntax may appear.
    writeFileSync(join(consumer, 'tsconfig.guides.json'), JSON.stringify({ ...config, compilerOptions: { ...config.compilerOptions, erasableSyntaxOnly: true }, include: ['guides'] }));
    const tsc = await sh(consumer, 'npx', ['--no-install', 'tsc', '-p', 'tsconfig.guides.json']);
    expect(tsc.out, tsc.out).not.toMatch(/error TS/);
    expect(tsc.code).toBe(0);
  });
});

describe('the installed package at run time', () => {
  it('runs a vitest file that uses credkit/msw with setupServer', async () => {
    const vitest = await sh(consumer, 'npx', ['--no-install', 'vitest', 'run', 'test/msw.test.ts']);
    expect(vitest.out, vitest.out).toMatch(/1 passed/);
    expect(vitest.code).toBe(0);
  });

  it('starts `npx credkit mock` and calls it with credkit/client', async () => {
    const smoke = await sh(consumer, process.execPath, ['mock-smoke.mjs'], 60_000);
    expect(smoke.out, smoke.out).toMatch(/"ok":true/);
    expect(smoke.code).toBe(0);
  });

  it('passes `npx credkit conformance` with the reference receiver shipped in the package', async () => {
    const secret = (await sh(consumer, 'npx', ['--no-install', 'credkit', 'secret', '--profile', 'standard'])).out.trim().split('\n')[0]!;
    expect(secret).toMatch(/^whsec_/);
    const receiver = spawn(process.execPath, [join(consumer, 'node_modules/credkit/dist/examples/receivers/node-http.js')], {
      cwd: consumer,
      env: { ...process.env, WEBHOOK_SECRET: secret, PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        receiver.stdout.on('data', (chunk: Buffer) => {
          const m = /listening on (http:\/\/\S+)/.exec(chunk.toString());
          if (m) resolve(m[1]!);
        });
        receiver.on('exit', (code) => reject(new Error(`the reference receiver exited ${code}`)));
      });
      const probe = url.replace(/\/webhooks$/, '/_probe');
      // The secret travels in the environment, as the docs advise (never in the process list).
      const args = ['--no-install', 'credkit', 'conformance', '--url', url, '--probe', probe, '--reporter', 'json', '--output-file', 'reports/conformance.json'];
      const suite = await sh(consumer, 'npx', args, 120_000, { WEBHOOK_SECRET: secret });
      const report = JSON.parse(readFileSync(join(consumer, 'reports/conformance.json'), 'utf8')) as { summary: { passed: number; failed: number } };
      expect(report.summary.failed, suite.out).toBe(0);
      expect(report.summary.passed).toBeGreaterThan(10);
      expect(suite.code, suite.out).toBe(0);
      expect(suite.out).not.toContain(secret);
    } finally {
      receiver.kill();
    }
  }, 150_000);
});

describe('@credkit/sdk, the receiver side alone', () => {
  it('installs with no native module and no dependency beyond openapi-fetch, and verifies a delivery', async () => {
    const project = join(work, 'receiver-only');
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'receiver-only', private: true, type: 'module' }));
    const started = performance.now();
    const install = await sh(project, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', sdkTarball], INSTALL_TIMEOUT);
    const seconds = (performance.now() - started) / 1000;
    expect(install.code, install.out).toBe(0);
    const installed = readdirSync(join(project, 'node_modules'), { recursive: true, encoding: 'utf8' });
    expect(installed.filter((f) => f.endsWith('.node') || f.endsWith('binding.gyp'))).toEqual([]);
    const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };
    const names = Object.keys(lock.packages).filter(Boolean).map((p) => p.replace(/^node_modules\//, '')).sort();
    expect(names).toEqual(['@credkit/sdk', 'openapi-fetch', 'openapi-typescript-helpers']);
    expect(Object.values(lock.packages).some((p) => p.hasInstallScript)).toBe(false);
    expect(seconds, 'install time (s)').toBeLessThan(60);

    writeFileSync(
      join(project, 'roundtrip.mjs'),
      `import { generateSecret, signEvent, verify } from '@credkit/sdk/webhooks';
       const secret = generateSecret('standard');
       const event = { id: 'evt_0123456789ab', type: 'credential.revoked', createdAt: new Date().toISOString(), apiVersion: '1.0', data: { object: 'credential', id: 'crd_0123456789ab', revision: 2, status: 'revoked', kind: 'badge', title: 't', recipientEmail: 'a@example.com', revokedAt: new Date().toISOString(), reason: 'other' } };
       const { headers, body } = signEvent({ event, secret, profile: 'standard' });
       console.log(verify({ payload: body, headers, secret, profile: 'standard' }).type);`,
    );
    const roundtrip = await sh(project, process.execPath, ['roundtrip.mjs']);
    expect(roundtrip.out.trim(), roundtrip.out).toBe('credential.revoked');
  }, INSTALL_TIMEOUT + 30_000);
});
