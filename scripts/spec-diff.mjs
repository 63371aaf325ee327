#!/usr/bin/env node
// `npm run spec:diff`: the breaking-change gate. Compares the working contract (spec/openapi.yaml,
// bundled) with the newest frozen release (spec/releases/<semver>/openapi.json) and fails on a
// breaking change unless info.version raised the major. REST changes: Redocly diff
// (scripts/lib/rest-diff.mjs); webhooks, with receiver polarity: scripts/lib/webhook-diff.mjs.
//
// usage: node scripts/spec-diff.mjs [--working <file>] [--releases <dir>] [--base <file>] [--changelog <file>]
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadContract } from './lib/contract.mjs';
import { newestRelease, RELEASES_DIR } from './lib/releases.mjs';
import { diffRest } from './lib/rest-diff.mjs';
import { changelogVersions, judge } from './lib/version-gate.mjs';
import { diffWebhooks } from './lib/webhook-diff.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const USAGE = `usage: node scripts/spec-diff.mjs [options]
  --working <file>    the working contract (default spec/openapi.yaml; split files are bundled)
  --releases <dir>    folder of frozen releases <semver>/openapi.json (default ${RELEASES_DIR})
  --base <file>       compare with this contract instead of the newest release
  --changelog <file>  where versions are recorded (default spec/CHANGELOG.md)`;

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        working: { type: 'string', default: 'spec/openapi.yaml' },
        releases: { type: 'string', default: RELEASES_DIR },
        base: { type: 'string' },
        changelog: { type: 'string', default: 'spec/CHANGELOG.md' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    console.error(`spec:diff: ${err.message}\nhint: ${USAGE.split('\n')[0]}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const at = (p) => resolve(root, p);
  const show = (p) => (relative(root, p).startsWith('..') ? p : relative(root, p));

  const release = values.base
    ? { version: undefined, file: at(values.base) }
    : await newestRelease(at(values.releases));
  if (!release) {
    console.error(`spec:diff: no release in ${values.releases}/ to compare with`);
    console.error('hint: freeze the contract once it is final with `node scripts/spec-release.mjs 1.0.0`, then commit spec/releases/1.0.0/');
    return 1;
  }

  const base = await loadContract(release.file, { cwd: root });
  const working = await loadContract(values.working, { cwd: root });
  try {
    const releaseVersion = release.version ?? String(base.document?.info?.version);
    const workingVersion = working.document?.info?.version;
    console.log(`spec:diff: ${show(at(values.working))} (${String(workingVersion)}) vs ${show(release.file)} (${releaseVersion})`);

    const changes = [...(await diffRest(base.singleFile, working.singleFile, { cwd: root })), ...diffWebhooks(base.document, working.document)];
    for (const severity of ['breaking', 'non-breaking']) {
      for (const c of changes.filter((c) => c.severity === severity)) console.log(`${severity}: ${c.pointer} — ${c.message}`);
    }
    const changelog = await readFile(at(values.changelog), 'utf8').catch(() => '');
    const verdict = judge({ changes, releaseVersion, workingVersion, changelogVersions: changelog ? changelogVersions(changelog) : [] });
    if (verdict.ok) {
      console.log(`✓ spec:diff: ${verdict.summary}`);
      return 0;
    }
    console.error(`× spec:diff: ${verdict.summary}`);
    if (verdict.hint) console.error(`hint: ${verdict.hint}`);
    return 1;
  } finally {
    await Promise.all([base.dispose(), working.dispose()]);
  }
}

main().then(
  (code) => (process.exitCode = code),
  (err) => {
    console.error(`spec:diff: ${err.message}`);
    console.error('hint: check that both contracts parse (`npm run spec:lint`); DEBUG=1 shows the stack');
    if (process.env.DEBUG) console.error(err);
    process.exitCode = 2;
  },
);
