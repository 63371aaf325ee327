// Loads a contract as ONE document: JSON or YAML, bundled by Redocly when it $refs other files.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { runRedocly } from './redocly.mjs';

/**
 * Reads `file`; a split contract (external $refs, like spec/openapi.yaml) is bundled into a temp
 * JSON file first, so `singleFile` is always something `redocly diff` and local-ref walkers can use.
 * Call `dispose()` when done (removes the temp bundle).
 * @example
 *   const working = await loadContract('spec/openapi.yaml');
 *   try { console.log(working.document.info.version); } finally { await working.dispose(); }
 * @param {string} file
 * @param {{ cwd?: string }} [options]
 * @returns {Promise<{ document: any, singleFile: string, bundled: boolean, dispose: () => Promise<void> }>}
 */
export async function loadContract(file, { cwd = process.cwd() } = {}) {
  const path = resolve(cwd, file);
  const text = await readFile(path, 'utf8');
  const document = path.endsWith('.json') ? JSON.parse(text) : parse(text);
  if (!hasExternalRefs(document)) return { document, singleFile: path, bundled: false, dispose: async () => {} };

  const dir = await mkdtemp(join(tmpdir(), 'credkit-bundle-'));
  const out = join(dir, 'openapi.json');
  const dispose = () => rm(dir, { recursive: true, force: true });
  const { code, stderr } = await runRedocly(['bundle', path, '--output', out, '--ext', 'json'], { cwd });
  if (code !== 0) {
    await dispose();
    throw new Error(`could not bundle ${file}:\n${stderr}`);
  }
  return { document: JSON.parse(await readFile(out, 'utf8')), singleFile: out, bundled: true, dispose };
}

/** True when some $ref points outside the document (another file or a URL). */
export function hasExternalRefs(node) {
  if (Array.isArray(node)) return node.some(hasExternalRefs);
  if (typeof node !== 'object' || node === null) return false;
  if (typeof node.$ref === 'string' && !node.$ref.startsWith('#')) return true;
  return Object.values(node).some(hasExternalRefs);
}
