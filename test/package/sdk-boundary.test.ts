// @credkit/sdk ships dist/{webhooks,client,generated} alone (scripts/build-sdk.mjs). That only works
// while those folders import nothing outside themselves: no mock, no CLI, no native module, and no
// package beyond the client's openapi-fetch. This test is that promise.
import { readFileSync, readdirSync } from 'node:fs';
import { join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SDK_FOLDERS } from '../../scripts/lib/sdk-folders.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const ALLOWED_PACKAGES = new Set(['openapi-fetch']);

function sources(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.test-d.ts'))
    .map((f) => join(folder, f));
}

describe('the receiver-side folders (@credkit/sdk)', () => {
  it.each(SDK_FOLDERS)('%s/ imports only the SDK folders, node: builtins and openapi-fetch', (folder) => {
    const stray: string[] = [];
    let seen = 0;
    for (const file of sources(folder)) {
      const text = readFileSync(join(root, file), 'utf8');
      for (const [, spec] of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)) {
        seen++;
        if (spec!.startsWith('node:')) continue;
        if (spec!.startsWith('.')) {
          const target = relative(root, normalize(join(root, file, '..', spec!)));
          if (!(SDK_FOLDERS as readonly string[]).includes(target.split('/')[0]!)) stray.push(`${file} → ${spec}`);
        } else if (!ALLOWED_PACKAGES.has(spec!)) stray.push(`${file} → ${spec}`);
      }
    }
    expect(stray).toEqual([]);
    // The pattern must see the imports it judges, or the test above passes on nothing.
    if (folder !== 'generated') expect(seen).toBeGreaterThan(5);
  });

  it('packages/sdk declares exactly the dependencies those imports need', () => {
    const sdk = JSON.parse(readFileSync(join(root, 'packages/sdk/package.json'), 'utf8'));
    expect(Object.keys(sdk.dependencies ?? {})).toEqual([...ALLOWED_PACKAGES]);
    expect(sdk.optionalDependencies ?? {}).toEqual({});
    expect(sdk.peerDependencies ?? {}).toEqual({});
  });
});
