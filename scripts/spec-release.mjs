#!/usr/bin/env node
// Freezes the working contract as a release: bundles spec/openapi.yaml into
// spec/releases/<version>/openapi.json, the baseline `npm run spec:diff` compares against.
//
// usage: node scripts/spec-release.mjs <version> [--working <file>] [--releases <dir>] [--force]
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadContract } from './lib/contract.mjs';
import { RELEASES_DIR } from './lib/releases.mjs';
import { parseSemver } from './lib/semver.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      working: { type: 'string', default: 'spec/openapi.yaml' },
      releases: { type: 'string', default: RELEASES_DIR },
      force: { type: 'boolean', default: false },
    },
  });
  const version = positionals[0];
  if (!parseSemver(version) || positionals.length !== 1) {
    console.error(`spec-release: expected one semver version, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
    console.error('hint: node scripts/spec-release.mjs 1.0.0');
    return 2;
  }
  const target = resolve(root, values.releases, version, 'openapi.json');
  if (existsSync(target) && !values.force) {
    console.error(`spec-release: ${relative(root, target)} exists: a release is frozen once published`);
    console.error('hint: release a new version instead (or pass --force if this release was never published)');
    return 1;
  }
  const working = await loadContract(values.working, { cwd: root });
  try {
    const declared = working.document?.info?.version;
    if (declared !== version) {
      console.error(`spec-release: ${values.working} declares info.version ${String(declared)}, not ${version}`);
      console.error(`hint: set info.version to ${version} in ${values.working} first (and record it in spec/CHANGELOG.md)`);
      return 1;
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, `${JSON.stringify(working.document, null, 2)}\n`);
    console.log(`spec-release: froze ${values.working} as ${relative(root, target)}`);
    return 0;
  } finally {
    await working.dispose();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (err) => {
    console.error(`spec-release: ${err.message}`);
    console.error('hint: `npm run spec:lint` shows what keeps the contract from bundling');
    process.exitCode = 2;
  },
);
