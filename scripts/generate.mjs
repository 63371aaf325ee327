#!/usr/bin/env node
// `npm run generate` writes generated/ from spec/; `npm run generate:check` fails when generated/ is stale.
// Each step returns the files it would write, so --check compares exactly what a write would produce.
import { mkdir, readFile, writeFile, readdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { steps } from './generate/steps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

async function run() {
  const ctx = { root };
  const files = [];
  for (const [name, step] of steps) {
    const started = performance.now();
    const out = await step(ctx);
    files.push(...out);
    if (!check) console.error(`  ${name.padEnd(10)} ${out.map((f) => f.path).join(', ')} (${Math.round(performance.now() - started)} ms)`);
  }
  if (check) return checkFiles(files);
  for (const file of files) {
    await mkdir(dirname(join(root, file.path)), { recursive: true });
    await writeFile(join(root, file.path), file.content);
  }
  console.error(`generated ${files.length} files`);
}

async function checkFiles(files) {
  const stale = [];
  for (const file of files) {
    const current = await readFile(join(root, file.path), 'utf8').catch(() => null);
    if (current !== file.content) stale.push(current === null ? `${file.path} (missing)` : file.path);
  }
  const expected = new Set(files.map((f) => f.path));
  const present = (await readdir(join(root, 'generated'), { recursive: true, withFileTypes: true }))
    .filter((d) => d.isFile())
    .map((d) => relative(root, join(d.parentPath ?? d.path, d.name)));
  for (const path of present) if (!expected.has(path)) stale.push(`${path} (not produced by any step: delete it)`);
  if (stale.length > 0) {
    console.error(`generate:check: generated/ is stale:\n${stale.map((s) => `  - ${s}`).join('\n')}`);
    console.error('hint: run `npm run generate` and commit generated/ (it is never edited by hand).');
    process.exitCode = 1;
    return;
  }
  console.error(`generate:check: ${files.length} generated files are up to date`);
}

run().catch((err) => {
  console.error(`generate: ${err.message}`);
  if (process.env.DEBUG) console.error(err);
  process.exitCode = 2;
});
