// The docs site in a real browser: build it, serve it under a path prefix on loopback, open every
// page in Debian's Chromium (playwright-core, never a downloaded browser) and check that it works
// offline: no console error, no failed request, no request to another host, every internal link
// and #fragment resolves; plus the content the issue names (webhooks in the API reference, one
// anchor per conformance check, every profile's schedule).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventTypes } from '../../generated/events.js';
import { profileNames, profiles } from '../../generated/profiles.js';
import { checkCatalog, checkDocsUrl } from '../../conformance/catalog.js';
import { WebhookVerificationError, webhookErrorCodes, type WebhookVerificationErrorCode } from '../../webhooks/errors.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Debian's Chromium; CREDKIT_CHROMIUM points elsewhere (e.g. to check the skip path with a path that does not exist). */
const CHROMIUM = process.env.CREDKIT_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`test/docs/site.test.ts: the browser test of the docs site is SKIPPED: ${CHROMIUM} does not exist (install it with \`apt-get install -y chromium\`).`);
}

/** The site is served under a path, the way a docs host would, to prove every link is relative. */
const PREFIX = '/credkit/docs/';
/** Pages that must exist whatever sources are present (a missing source gives a page that says so). */
const expectedPages = [
  'index.html',
  'api.html',
  'events.html',
  'checks.html',
  'profiles.html',
  'benchmarks.html',
  'cli.html',
  'changelog.html',
  'guides/index.html',
  'guides/install.html',
  'guides/quickstart.html',
  'guides/client.html',
  'guides/verifying-signatures.html',
  'guides/idempotency-and-ordering.html',
  'guides/mock-platform.html',
  'guides/conformance-in-ci.html',
  'guides/versioning.html',
];

interface PageReport {
  readonly path: string;
  readonly status: number;
  readonly ids: ReadonlySet<string>;
  readonly links: readonly string[];
}

interface Problems {
  consoleErrors: string[];
  failedRequests: string[];
  foreignRequests: string[];
}

/** Starts `node docs/serve.mjs` on port 0 and resolves with the URL it prints. */
function startServer(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(root, 'docs/serve.mjs'), '--port', '0', '--dir', dir, '--prefix', PREFIX], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`docs server did not start in time: ${err}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /^Ready: (\S+)$/m.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`docs server exited with ${code}: ${err}`));
    });
  });
}

/** The conformance registry's check ids, read from the suite itself (null while it does not exist). */
async function registryCheckIds(): Promise<string[] | null> {
  const file = join(root, 'conformance/catalog.ts');
  if (!existsSync(file)) return null;
  const mod = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Record<string, unknown>;
  for (const value of Object.values(mod)) {
    const list: unknown[] | null = Array.isArray(value) ? value : value && typeof value === 'object' ? Object.values(value) : null;
    if (list && list.length > 0 && list.every((e) => typeof (e as { id?: unknown })?.id === 'string' && typeof (e as { title?: unknown })?.title === 'string')) {
      return list.map((e) => (e as { id: string }).id);
    }
  }
  return null;
}

describe.skipIf(!hasChromium)('the docs site in Chromium', () => {
  let workDir = '';
  let server: ChildProcess | undefined;
  let baseUrl = '';
  let browser: Browser | undefined;
  let context: BrowserContext;
  const problems: Problems = { consoleErrors: [], failedRequests: [], foreignRequests: [] };
  const reports = new Map<string, PageReport>();

  /** Opens one page with every listener that turns a problem into a recorded failure. */
  async function open(path: string, waitUntil: 'load' | 'networkidle' = 'load'): Promise<{ page: Page; status: number }> {
    const page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.consoleErrors.push(`${path}: ${msg.text().slice(0, 300)}`);
    });
    page.on('pageerror', (err) => problems.consoleErrors.push(`${path}: uncaught ${err.message.slice(0, 300)}`));
    page.on('requestfailed', (req) => problems.failedRequests.push(`${path}: ${req.url()} (${req.failure()?.errorText ?? 'failed'})`));
    page.on('response', (res) => {
      if (res.status() >= 400) problems.failedRequests.push(`${path}: ${res.url()} answered ${res.status()}`);
    });
    const response = await page.goto(new URL(path, baseUrl).href, { waitUntil });
    return { page, status: response?.status() ?? 0 };
  }

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'credkit-docs-test-'));
    const out = join(workDir, 'site');
    // `npm test` builds dist/ first; --compile auto only recompiles when a module the site reads is stale.
    const build = spawnSync(process.execPath, [join(root, 'docs/build.mjs'), '--out', out, '--compile', 'auto'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`docs:build failed (exit ${build.status}):\n${build.stderr}`);
    const started = await startServer(out);
    server = started.child;
    baseUrl = started.url;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    context = await browser.newContext();
    const origin = new URL(baseUrl).origin;
    // Every request to anything but the local server is recorded and refused: the site must work offline.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).origin === origin) return route.continue();
      problems.foreignRequests.push(url);
      return route.abort('blockedbyclient');
    });

    // Crawl from the expected pages and everything they link to inside the site.
    const queue = [...expectedPages];
    while (queue.length > 0) {
      const path = queue.shift() as string;
      if (reports.has(path)) continue;
      const { page, status } = await open(path, path === 'api.html' ? 'networkidle' : 'load');
      const { ids, hrefs } = await page.evaluate(() => ({
        ids: [...document.querySelectorAll('[id]')].map((e) => e.id).concat([...document.querySelectorAll('a[name]')].map((e) => e.getAttribute('name') ?? '')),
        hrefs: [...document.querySelectorAll('a[href], link[href]')].map((e) => e.getAttribute('href') ?? ''),
      }));
      await page.close();
      reports.set(path, { path, status, ids: new Set(ids), links: hrefs });
      for (const href of hrefs) {
        const target = new URL(href, new URL(path, baseUrl));
        if (target.origin !== origin || !target.pathname.endsWith('.html')) continue;
        const rel = target.pathname.slice(new URL(baseUrl).pathname.length);
        if (!reports.has(rel) && !queue.includes(rel)) queue.push(rel);
      }
    }
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('serves every page of the site with status 200', () => {
    for (const path of expectedPages) expect(reports.get(path)?.status, path).toBe(200);
    for (const report of reports.values()) expect(report.status, `${report.path} (linked from another page)`).toBe(200);
  });

  it('loads every page with no console error and no failed request', () => {
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
  });

  it('makes no request to any host but the local one', () => {
    expect(problems.foreignRequests).toEqual([]);
  });

  it('resolves every internal link and #fragment, and uses relative links only', () => {
    const origin = new URL(baseUrl).origin;
    const broken: string[] = [];
    for (const report of reports.values()) {
      for (const href of report.links) {
        // Redoc routes inside the API reference with the hash (#/webhooks/…): those are views, not element ids.
        if (report.path === 'api.html' && href.startsWith('#/')) continue;
        if (/^(https?:|mailto:|data:)/.test(href) && !href.startsWith(origin)) continue;
        if (href.startsWith('/')) {
          broken.push(`${report.path}: ${href} is an absolute path (breaks under a path prefix)`);
          continue;
        }
        const target = new URL(href, new URL(report.path, baseUrl));
        const path = target.pathname.slice(new URL(baseUrl).pathname.length);
        const page = reports.get(path);
        if (!page) {
          if (!path.endsWith('.css') && !path.endsWith('.svg')) broken.push(`${report.path}: ${href} → ${path} was not loaded`);
          continue;
        }
        const fragment = decodeURIComponent(target.hash.slice(1));
        if (fragment && !page.ids.has(fragment)) broken.push(`${report.path}: ${href} → no element with id "${fragment}" in ${path}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('shows the webhooks section of the API reference with credential.revoked', async () => {
    // Redoc groups webhooks under the contract's tag of each webhook (a "Webhooks" group when untagged).
    const contract = JSON.parse(readFileSync(join(root, 'generated/openapi.json'), 'utf8')) as {
      webhooks?: Record<string, { post?: { tags?: string[] } }>;
    };
    expect(contract.webhooks?.['credential.revoked']).toBeDefined();
    const group = contract.webhooks?.['credential.revoked']?.post?.tags?.[0] ?? 'Webhooks';
    const { page } = await open('api.html', 'networkidle');
    try {
      await page.locator('#redoc').getByText(group, { exact: true }).first().click();
      const revoked = page.locator('#redoc').getByText('credential.revoked', { exact: true }).first();
      await revoked.waitFor({ state: 'visible', timeout: 15_000 });
      expect(await page.locator('#redoc').getByText('Webhooks', { exact: true }).first().isVisible()).toBe(true);
      expect(page.url()).toContain('#/');
      const shots = process.env.DOCS_SCREENSHOTS;
      if (shots) await page.screenshot({ path: join(shots, 'api.png') });
    } finally {
      await page.close();
    }
  });

  it('has an anchor on the checks page for every check id in the conformance registry', async () => {
    const ids = await registryCheckIds();
    const checks = reports.get('checks.html');
    expect(checks).toBeDefined();
    if (ids === null) {
      // The registry is not written yet: the page must say so instead of showing an empty catalog.
      const { page } = await open('checks.html');
      try {
        expect(await page.textContent('main')).toContain('Not available in this build');
      } finally {
        await page.close();
      }
      return;
    }
    expect(ids.length).toBeGreaterThan(0);
    const missing = ids.filter((id) => !checks?.ids.has(id));
    expect(missing).toEqual([]);
  });

  it('shows every wire profile with its retry schedule as a table and a timeline', async () => {
    const { page } = await open('profiles.html');
    try {
      for (const name of profileNames) {
        const schedule = profiles[name].retry.scheduleInSeconds;
        const rows = page.locator(`#schedule-${name} tbody tr`);
        await expect.poll(() => rows.count()).toBe(schedule.length + 1);
        expect(await page.locator(`#schedule-${name}`).isVisible()).toBe(true);
        expect(await page.locator(`#timeline-${name} circle`).count()).toBe(schedule.length + 1);
        expect(await page.locator(`#timeline-${name}`).isVisible()).toBe(true);
        expect(await page.locator(`section#${name} h2`).textContent()).toContain(profiles[name].title);
      }
      const shots = process.env.DOCS_SCREENSHOTS;
      if (shots) {
        mkdirSync(shots, { recursive: true });
        await page.screenshot({ path: join(shots, 'profiles.png'), fullPage: false });
        await page.locator('#certn').scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(shots, 'profiles-certn.png') });
      }
    } finally {
      await page.close();
    }
  });

  it('resolves the docs link of every webhook error code and every conformance check (what errors and reports print)', () => {
    const links = [
      ...(Object.keys(webhookErrorCodes) as WebhookVerificationErrorCode[]).map((code) => new WebhookVerificationError(code).docsUrl),
      ...checkCatalog.map((check) => checkDocsUrl(check)),
    ];
    expect(links.length).toBeGreaterThan(20);
    const unresolved = links.filter((link) => {
      const [path = '', fragment = ''] = link.split('#');
      return !reports.get(path)?.ids.has(fragment);
    });
    expect(unresolved).toEqual([]);
  });

  it('shows every event type of the catalog on the events page', () => {
    const events = reports.get('events.html');
    expect(eventTypes.length).toBeGreaterThan(0);
    expect(eventTypes.filter((t) => !events?.ids.has(t))).toEqual([]);
  });
});
