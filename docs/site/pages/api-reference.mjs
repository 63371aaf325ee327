// api.html: the API reference, rendered by `redocly build-docs --inlineBundle` from the bundled
// contract (generated/openapi.json) into one self-contained file, then made offline-clean:
//  - Redoc's footer logo is loaded from cdn.redoc.ly: replaced by an inline data: image;
//  - Redoc 3 prerenders links as absolute paths (/webhooks) but routes with the URL hash once
//    hydrated (#/webhooks), and hydration does not patch attributes: the prerendered links are
//    rewritten to the hash form, so every link works under any path prefix;
//  - the shared nav and the site's Content-Security-Policy are added.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { html, toHtmlString } from '../html.mjs';
import { contentSecurityPolicy, navHtml, page } from '../layout.mjs';
import { missingNotice } from '../missing.mjs';

const PATH = 'api.html';

/** The shared header's look, inlined: the site stylesheet's table and heading rules would restyle Redoc. */
const headerCss = `
.site-header{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem 1.5rem;padding:.6rem 1.25rem;border-bottom:1px solid #d0d7de;background:#f6f8fa;font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.site-header .brand{font-weight:700;font-size:1.15rem;color:#1b1f24;text-decoration:none}
.site-header nav ul{display:flex;flex-wrap:wrap;gap:.15rem 1rem;list-style:none;margin:0;padding:0}
.site-header nav a{color:#57606a;text-decoration:none;padding:.2rem 0;border-bottom:2px solid transparent}
.site-header nav a:hover{color:#1b1f24}
.site-header nav a[aria-current="page"]{color:#1b1f24;border-bottom-color:#1f4e8c;font-weight:600}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem;z-index:10}.skip:focus{left:.5rem}`;

/** A neutral inline mark standing in for Redoc's CDN-hosted logo. */
const inlineLogo = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="70" height="16" viewBox="0 0 70 16"><text x="0" y="12" font-family="system-ui,sans-serif" font-size="11" fill="#57606a">Redoc</text></svg>')}`;

/**
 * Makes Redoc's output offline-clean and adds the site's nav (see the file comment for why).
 * @example offlineRedoc(readFileSync('redoc.html', 'utf8'))
 * @param {string} redocHtml
 */
export function offlineRedoc(redocHtml) {
  let out = redocHtml.replace(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g, inlineLogo);
  const start = out.indexOf('<div id="redoc">');
  const end = out.indexOf('<script type="module">', start);
  if (start !== -1 && end !== -1) {
    const prerendered = out.slice(start, end).replace(/href="\/(?!\/)([^"]*)"/g, 'href="#/$1"');
    out = out.slice(0, start) + prerendered + out.slice(end);
  }
  out = out.replace(
    /<head>/,
    `<head>\n  <meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy}">\n  <link rel="icon" href="assets/favicon.svg" type="image/svg+xml">\n  <style>${headerCss}</style>`,
  );
  out = out.replace(/<meta charset="utf8" \/>/, '<meta charset="utf-8" />');
  out = out.replace(/<body>/, `<body>\n<a class="skip" href="#redoc">Skip to the reference</a>\n${toHtmlString(navHtml(PATH))}`);
  return out;
}

/**
 * @param {import('../sources.mjs').Sources} sources
 * @param {{ warn: (message: string) => void }} options
 * @returns {Promise<{ path: string; content: string }[]>}
 */
export async function apiReferencePage(sources, { warn }) {
  if (!sources.openapi.ok) {
    const body = html`<h1>API reference</h1>${missingNotice(sources.openapi)}`;
    return [{ path: PATH, content: page({ path: PATH, title: 'API reference', body }) }];
  }
  const require = createRequire(join(sources.root, 'package.json'));
  const redocly = join(require.resolve('@redocly/cli/package.json').replace(/package\.json$/, ''), 'bin/cli.js');
  const dir = mkdtempSync(join(tmpdir(), 'credkit-redoc-'));
  try {
    const output = join(dir, 'api.html');
    const info = /** @type {{ title?: string; version?: string }} */ (sources.openapi.value.info ?? {});
    const r = spawnSync(
      process.execPath,
      [redocly, 'build-docs', join(sources.root, 'generated/openapi.json'), '--inlineBundle', '-o', output, '--title', `${info.title ?? 'credkit'} reference · credkit`],
      {
        cwd: sources.root,
        encoding: 'utf8',
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      },
    );
    if (r.status !== 0) throw new Error(`redocly build-docs failed (exit ${r.status}):\n${(r.stderr || r.stdout).trim().split('\n').slice(-8).join('\n')}`);
    const result = offlineRedoc(readFileSync(output, 'utf8'));
    const leftovers = [...new Set(result.match(/src=["']https?:\/\/[^"']+/g) ?? [])];
    if (leftovers.length > 0) warn(`api.html still references other hosts in markup: ${leftovers.join(', ')}`);
    return [{ path: PATH, content: result }];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
