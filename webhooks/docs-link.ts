// Docs links of errors and hints: a page path of the docs site that ships in the credkit package.
// There is no hosted site to link to; `npx credkit docs <page>` serves the shipped one on
// 127.0.0.1 and prints the page's URL, so a path plus that command is a link that resolves.

/** The command that serves the shipped docs site and prints a page's URL. */
export const DOCS_COMMAND = 'npx credkit docs';

/**
 * A docs link as printed after "docs:": the page path (relative to the site root, with its
 * anchor) and the command that opens it.
 *
 * @example docsHint('checks.html#replay.stale') // 'checks.html#replay.stale (run `npx credkit docs checks.html#replay.stale`)'
 */
export function docsHint(page: string): string {
  return `${page} (run \`${DOCS_COMMAND} ${page}\`)`;
}
