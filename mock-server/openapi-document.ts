// Loads the bundled contract (generated/openapi.json) the validators compile from.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpenApiDocument } from './validation.js';

let cached: OpenApiDocument | undefined;

/**
 * The contract, read once per process. Resolved through the package's own `credkit/openapi.json`
 * export, so it works from the sources (vitest), from dist/ and from node_modules/credkit.
 * @example const doc = loadOpenApiDocument(); doc.info.version // '1.0.0'
 */
export function loadOpenApiDocument(): OpenApiDocument {
  if (cached) return cached;
  let file: string | undefined;
  try {
    file = createRequire(import.meta.url).resolve('credkit/openapi.json');
  } catch {
    // Not resolvable by name (e.g. a copied folder): walk up to the package root.
    for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
      if (existsSync(join(dir, 'generated', 'openapi.json'))) {
        file = join(dir, 'generated', 'openapi.json');
        break;
      }
    }
  }
  if (!file) throw new Error('generated/openapi.json not found; run `npm run generate`');
  cached = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
  return cached;
}
