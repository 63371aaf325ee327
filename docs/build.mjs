#!/usr/bin/env node
// `npm run docs:build` → docs/dist/: the static docs site, generated from the contract, the wire
// profiles, the event catalog, the conformance registry, the CLI tables and the benchmark results.
//
//   node docs/build.mjs [--out <dir>] [--compile auto|always|never]
//
// TypeScript sources are imported through the build output (dist/), so the site shows exactly
// what the code holds. --compile auto (the default) runs `tsc -p tsconfig.build.json` only when a
// module the site reads is missing from dist/ or older than its source.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadSources } from './site/sources.mjs';
import { buildSite } from './site/site.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Marks a directory as this script's output, so --out never deletes a folder it did not write. */
const MARKER = '.credkit-docs';

/** The compiled modules the site reads, with their sources (for the staleness check). */
const builtModules = [
  ['dist/generated/profiles.js', 'generated/profiles.ts'],
  ['dist/generated/events.js', 'generated/events.ts'],
  ['dist/conformance/catalog.js', 'conformance/catalog.ts'],
  ['dist/cli/command.js', 'cli/command.ts'],
  ['dist/webhooks/errors.js', 'webhooks/errors.ts'],
  // Not read by the site, but docs/serve.mjs serves it with the server `credkit docs` ships.
  ['dist/cli/static-server.js', 'cli/static-server.ts'],
];

/**
 * @param {'auto' | 'always' | 'never'} mode
 */
function compile(mode) {
  switch (mode) {
    case 'never':
      return;
    case 'auto': {
      const stale = builtModules.filter(([out, src]) => existsSync(join(root, src)) && (!existsSync(join(root, out)) || statSync(join(root, out)).mtimeMs < statSync(join(root, src)).mtimeMs));
      if (stale.length === 0) return;
      console.error(`docs: compiling (stale: ${stale.map(([out]) => out).join(', ')})`);
      break;
    }
    case 'always':
      console.error('docs: compiling');
      break;
    default: {
      /** @type {never} */
      const unknown = mode;
      throw new Error(`unknown --compile mode ${String(unknown)}`);
    }
  }
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  // tsc still emits when another folder has a type error; the site only needs the modules above.
  if (r.status !== 0) console.error(`docs: warning: tsc reported errors (the site uses what was emitted):\n${(r.stdout || r.stderr).split('\n').slice(0, 5).join('\n')}`);
}

async function main() {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: join(root, 'docs/dist') },
      compile: { type: 'string', default: 'auto' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write('Usage: node docs/build.mjs [--out <dir>] [--compile auto|always|never]\n');
    return 0;
  }
  const mode = values.compile;
  if (mode !== 'auto' && mode !== 'always' && mode !== 'never') {
    console.error(`docs: --compile must be auto, always or never (got "${mode}")\nhint: auto compiles only when dist/ is stale`);
    return 2;
  }
  const out = resolve(values.out ?? join(root, 'docs/dist'));
  if (existsSync(out) && !existsSync(join(out, MARKER)) && statSync(out).isDirectory() && readdirNonEmpty(out)) {
    console.error(`docs: refusing to overwrite ${out}: it was not written by docs/build.mjs\nhint: pick an empty or new --out directory`);
    return 2;
  }
  const started = performance.now();
  compile(mode);
  const sources = await loadSources({ root });
  /** @type {string[]} */
  const warnings = [];
  const files = await buildSite(sources, { warn: (m) => warnings.push(m) });
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, MARKER), 'Written by docs/build.mjs; the whole folder is replaced on every build.\n');
  for (const file of files) {
    const target = join(out, file.path);
    mkdirSync(dirname(target), { recursive: true });
    if ('copyFrom' in file) copyFileSync(file.copyFrom, target);
    else writeFileSync(target, file.content);
  }
  for (const w of warnings) console.error(`docs: warning: ${w}`);
  const pages = files.filter((f) => f.path.endsWith('.html'));
  console.error(`docs: ${pages.length} pages → ${relative(process.cwd(), out) || '.'} (${Math.round(performance.now() - started)} ms)`);
  return 0;
}

/** @param {string} dir */
function readdirNonEmpty(dir) {
  return readdirSync(dir).length > 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(`docs: ${err.message}`);
    if (process.env.DEBUG) console.error(err);
    process.exitCode = 1;
  },
);
