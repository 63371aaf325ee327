// The fenced code blocks of a guide, each with a file name, so a test can write them to disk and
// compile or run them exactly as the page shows them. Plain ESM with no dependencies: the package
// test reuses it to compile the same blocks inside an installed consumer project.
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';

/**
 * @typedef {object} CodeBlock
 * @property {string} page the guide's name, e.g. `quickstart` for docs/guides/quickstart.md
 * @property {number} index position among the page's code blocks, from 0
 * @property {string} lang the fence's language, e.g. `ts` or `sh` ('' when none)
 * @property {string} filename from a first-line comment (`// receiver.ts`, `# setup.sh`), else `<page>-<index>.<ext>`
 * @property {string} code the block's text, first-line comment included, ending with a newline
 */

/** File extensions of generated names, by fence language. */
const extensions = /** @type {Record<string, string>} */ ({ ts: 'ts', typescript: 'ts', tsx: 'tsx', js: 'js', javascript: 'js', mjs: 'mjs', json: 'json', sh: 'sh', bash: 'sh', shell: 'sh', yaml: 'yaml', yml: 'yaml' });

/** A first line that names the block's file: `// receiver.ts` or `# ci.sh`. */
const FILENAME_COMMENT = /^\s*(?:\/\/|#)\s*([\w.-]+\.[A-Za-z0-9]+)\s*$/;

/**
 * Every fenced code block of a markdown file, in order.
 *
 * @example codeBlocks('docs/guides/quickstart.md').filter((b) => b.lang === 'ts') // [{ page: 'quickstart', index: 2, lang: 'ts', filename: 'receiver.ts', code: '// receiver.ts\n…' }, …]
 * @param {string} markdownPath
 * @returns {CodeBlock[]}
 */
export function codeBlocks(markdownPath) {
  const page = basename(markdownPath, extname(markdownPath));
  const lines = readFileSync(markdownPath, 'utf8').split(/\r?\n/);
  /** @type {CodeBlock[]} */
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/.exec(/** @type {string} */ (lines[i]));
    if (!open) continue;
    const [, indent = '', fence = '```', lang = ''] = open;
    /** @type {string[]} */
    const body = [];
    // A fence closes on the same character, at least as long; blocks inside list items carry the item's indent.
    for (i++; i < lines.length && !new RegExp(`^\\s*${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`).test(/** @type {string} */ (lines[i])); i++) {
      const line = /** @type {string} */ (lines[i]);
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart());
    }
    const index = blocks.length;
    const named = FILENAME_COMMENT.exec(body[0] ?? '')?.[1];
    const filename = named ?? `${page}-${index}.${extensions[lang.toLowerCase()] ?? 'txt'}`;
    blocks.push({ page, index, lang: lang.toLowerCase(), filename, code: `${body.join('\n')}\n` });
  }
  return blocks;
}
