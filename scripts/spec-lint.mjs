#!/usr/bin/env node
// `npm run spec:lint`: Redocly lint of the contract (spec/openapi.yaml) and its AsyncAPI view
// (generated/asyncapi.yaml) with recommended rules plus credkit's own (spec/redocly.yaml).
// Zero errors AND zero warnings, or exit 1.
import { access } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintContracts, LINT_CONFIG } from './lib/lint.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CONTRACTS = [
  { file: 'spec/openapi.yaml', hint: 'the contract root is missing: restore spec/openapi.yaml' },
  { file: 'generated/asyncapi.yaml', hint: 'run `npm run generate` to write the AsyncAPI view' },
];

async function main() {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    console.log('usage: node scripts/spec-lint.mjs [files…]\n  lints spec/openapi.yaml and generated/asyncapi.yaml (or the given files) with spec/redocly.yaml');
    return 0;
  }
  const targets = args.length > 0 ? args.map((file) => ({ file, hint: 'check the path' })) : CONTRACTS;
  for (const { file, hint } of targets) {
    const found = await access(join(root, file)).then(() => true, () => false);
    if (!found) {
      console.error(`spec:lint: ${file} not found\nhint: ${hint}`);
      return 1;
    }
  }
  const started = performance.now();
  const results = await lintContracts(targets.map((t) => t.file), { cwd: root });
  let errors = 0;
  let warnings = 0;
  for (const result of results) {
    errors += result.errors;
    warnings += result.warnings;
    for (const p of result.problems) {
      console.log(`${p.file}:${p.line}:${p.col} ${p.severity === 'error' ? 'error' : 'warning'} ${p.ruleId}: ${p.message} (${p.pointer})`);
    }
    console.log(`${result.problems.length === 0 ? '✓' : '×'} ${result.file}: ${result.errors} errors, ${result.warnings} warnings`);
  }
  const ms = Math.round(performance.now() - started);
  if (errors + warnings > 0) {
    console.error(`spec:lint: ${errors} errors and ${warnings} warnings (config ${LINT_CONFIG}, ${ms} ms)`);
    console.error('hint: fix each problem above; rule docs: https://redocly.com/docs/cli/rules and spec/redocly-plugin/credkit.js for credkit/* rules');
    return 1;
  }
  console.log(`spec:lint: ${results.length} files clean: 0 errors, 0 warnings (${ms} ms)`);
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err) => {
    console.error(`spec:lint: ${err.message}`);
    console.error('hint: run `npx redocly lint --config spec/redocly.yaml <file>` to see Redocly\'s own output');
    process.exitCode = 2;
  },
);
