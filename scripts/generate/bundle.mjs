// Step: spec/openapi.yaml (split files) → generated/openapi.json, the one bundled contract every
// runtime reads. Bundled with Redocly so $refs between files become internal #/components refs.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Bundles the contract with the Redocly CLI and returns the parsed document. */
export async function bundleContract(root, entry = 'spec/openapi.yaml') {
  const dir = await mkdtemp(join(tmpdir(), 'credkit-bundle-'));
  try {
    const out = join(dir, 'openapi.json');
    await run(join(root, 'node_modules/.bin/redocly'), ['bundle', entry, '--output', out], {
      cwd: root,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
    return JSON.parse(await readFile(out, 'utf8'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export default async function bundleStep(ctx) {
  ctx.openapi = await bundleContract(ctx.root);
  return [{ path: 'generated/openapi.json', content: `${JSON.stringify(ctx.openapi, null, 2)}\n` }];
}
