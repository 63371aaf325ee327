#!/usr/bin/env node
// @ts-check
// Builds packages/sdk (@credkit/sdk): the receiver side of credkit, for production code. It holds
// exactly the built webhooks/, client/ and generated/ of the main package, the same files at the
// same relative paths, so `@credkit/sdk/webhooks` and `credkit/webhooks` are one implementation.
// Nothing under those folders imports the mock, the CLI or a native module; a test keeps it so.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SDK_FOLDERS } from './lib/sdk-folders.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'packages', 'sdk');

if (!process.argv.includes('--no-build')) execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
for (const folder of SDK_FOLDERS) {
  if (!existsSync(join(root, 'dist', folder))) throw new Error(`dist/${folder} is missing: run \`npm run build\` first`);
}
rmSync(join(out, 'dist'), { recursive: true, force: true });
for (const folder of SDK_FOLDERS) cpSync(join(root, 'dist', folder), join(out, 'dist', folder), { recursive: true });
cpSync(join(root, 'LICENSE'), join(out, 'LICENSE'));

// The versions move together: the SDK is cut from the same commit as credkit.
const main = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const sdk = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8'));
const problems = [];
if (sdk.version !== main.version) problems.push(`version ${sdk.version} ≠ credkit ${main.version}`);
if (sdk.engines.node !== main.engines.node) problems.push(`engines.node "${sdk.engines.node}" ≠ credkit "${main.engines.node}"`);
if (sdk.dependencies['openapi-fetch'] !== main.dependencies['openapi-fetch']) problems.push('openapi-fetch version differs from credkit');
if (problems.length) {
  console.error(`build-sdk: packages/sdk/package.json is out of step: ${problems.join('; ')}\nhint: make it match package.json`);
  process.exit(1);
}
console.error(`build-sdk: packages/sdk/dist ← dist/{${SDK_FOLDERS.join(',')}}`);
