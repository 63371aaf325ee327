// Frozen releases of the contract: spec/releases/<semver>/openapi.json.
import { readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { compareSemver, parseSemver } from './semver.mjs';

/** Where releases live, relative to the repo root. */
export const RELEASES_DIR = 'spec/releases';

/**
 * The newest frozen release (by semver, not by date), or undefined when none exists yet.
 * Folders that are not semver or hold no openapi.json are ignored.
 * @example
 *   const release = await newestRelease('spec/releases'); // { version: '1.0.0', file: 'spec/releases/1.0.0/openapi.json' }
 * @param {string} dir
 * @returns {Promise<{ version: string, file: string } | undefined>}
 */
export async function newestRelease(dir) {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const releases = entries
    .filter((e) => e.isDirectory())
    .map((e) => ({ semver: parseSemver(e.name), file: join(dir, e.name, 'openapi.json') }))
    .filter((r) => r.semver !== undefined && existsSync(r.file))
    .sort((a, b) => compareSemver(b.semver, a.semver));
  const newest = releases[0];
  return newest ? { version: newest.semver.raw, file: newest.file } : undefined;
}
