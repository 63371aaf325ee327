// The folder of the credkit package this CLI runs from, wherever npm installed it, so the CLI can
// find what ships beside dist/ (the built docs site in docs/dist).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The name in the package.json that marks the package root. */
const PACKAGE_NAME = 'credkit';

/**
 * Walks up from `from` (a file URL, by default this module) to the folder whose package.json is
 * named credkit. Walking, not a fixed `../..`, so it holds from dist/cli/ and from the sources alike.
 *
 * @example join(packageRoot(), 'docs/dist') // '/app/node_modules/credkit/docs/dist'
 */
export function packageRoot(from: string = import.meta.url): string {
  const start = dirname(fileURLToPath(from));
  for (let dir = start; ; dir = dirname(dir)) {
    if (readPackageName(join(dir, 'package.json')) === PACKAGE_NAME) return dir;
    if (dirname(dir) === dir) {
      throw Object.assign(new Error(`no package.json named ${PACKAGE_NAME} above ${start}`), { hint: 'run the credkit CLI from its installed package (npx credkit …)' });
    }
  }
}

function readPackageName(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name;
  } catch {
    // A broken package.json of some enclosing project is not ours: keep walking.
    return undefined;
  }
}
