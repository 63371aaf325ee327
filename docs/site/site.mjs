// The whole site as a list of files: each page module turns sources into pages.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiReferencePage } from './pages/api-reference.mjs';
import { benchmarksPage } from './pages/benchmarks.mjs';
import { checksPage } from './pages/checks.mjs';
import { cliPage } from './pages/cli.mjs';
import { eventsPage } from './pages/events.mjs';
import { guidePages } from './pages/guides.mjs';
import { landingPage } from './pages/landing.mjs';
import { profilesPage } from './pages/profiles.mjs';

const siteDir = fileURLToPath(new URL('.', import.meta.url));

/** @typedef {{ path: string; content: string } | { path: string; copyFrom: string }} SiteFile */

/**
 * Generates every file of the site (pages and assets), relative to the output root.
 * @example const files = await buildSite(await loadSources({ root }), { warn: console.warn })
 * @param {import('./sources.mjs').Sources} sources
 * @param {{ warn?: (message: string) => void }} [options]
 * @returns {Promise<SiteFile[]>}
 */
export async function buildSite(sources, { warn = () => {} } = {}) {
  /** @type {SiteFile[]} */
  const files = [
    { path: 'assets/style.css', copyFrom: join(siteDir, 'style.css') },
    { path: 'assets/favicon.svg', copyFrom: join(siteDir, 'favicon.svg') },
    ...landingPage(sources),
    ...eventsPage(sources),
    ...checksPage(sources),
    ...profilesPage(sources),
    ...guidePages(sources, { warn }),
    ...cliPage(sources),
    ...benchmarksPage(sources),
    ...(await apiReferencePage(sources, { warn })),
  ];
  for (const source of [sources.events, sources.openapi, sources.checks, sources.changelog]) {
    if (!source.ok) warn(`${source.what} is missing (${source.reason}); its pages say so`);
  }
  return files;
}
