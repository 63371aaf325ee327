// Guides are markdown (docs/guides/*.md) rendered with marked. Three things are added on top:
// stable heading ids (so guides can be linked to by section), links between markdown files that
// become links between pages, and `<!-- credkit:name -->` directives replaced by generated HTML
// (tables computed from the profiles), so a guide never hard-codes a number the data can give.
import { posix } from 'node:path';
import { Marked } from 'marked';
import { escapeHtml, slug } from './html.mjs';

/**
 * Where a markdown file of the repository lives in the site, by repo path.
 * @param {string} repoPath e.g. 'docs/guides/quickstart.md'
 * @returns {string | null} the site path, e.g. 'guides/quickstart.html'
 */
function sitePathOfRepoFile(repoPath) {
  const guide = /^docs\/guides\/([a-z0-9-]+)\.md$/.exec(repoPath);
  if (guide) return `guides/${guide[1]}.html`;
  if (repoPath === 'spec/CHANGELOG.md') return 'changelog.html';
  return null;
}

/**
 * Renders one markdown document to HTML.
 * @example renderMarkdown(text, { repoPath: 'docs/guides/quickstart.md', sitePath: 'guides/quickstart.html', directives: {} })
 * @param {string} markdown
 * @param {{ repoPath: string; sitePath: string; directives?: Record<string, string>; warn?: (message: string) => void }} options
 * @returns {{ html: string; title: string | null; headings: { depth: number; id: string; text: string }[] }}
 */
export function renderMarkdown(markdown, { repoPath, sitePath, directives = {}, warn = () => {} }) {
  /** @type {{ depth: number; id: string; text: string }[]} */
  const headings = [];
  /** @type {Map<string, number>} */
  const seen = new Map();
  /** @type {string | null} */
  let title = null;
  const repoDir = posix.dirname(repoPath);
  const siteDir = posix.dirname(sitePath);

  const marked = new Marked({ gfm: true });
  marked.use({
    renderer: {
      heading({ tokens, depth, text }) {
        const inner = this.parser.parseInline(tokens);
        const plain = text.replace(/`/g, '');
        const base = slug(plain) || 'section';
        const n = seen.get(base) ?? 0;
        seen.set(base, n + 1);
        const id = n === 0 ? base : `${base}-${n}`;
        if (depth === 1 && title === null) title = plain;
        else headings.push({ depth, id, text: plain });
        return `<h${depth} id="${id}"><a class="anchor" href="#${id}" aria-hidden="true" tabindex="-1">#</a>${inner}</h${depth}>\n`;
      },
      link({ href, title: linkTitle, tokens }) {
        const inner = this.parser.parseInline(tokens);
        const titleAttr = linkTitle ? ` title="${escapeHtml(linkTitle)}"` : '';
        if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('#')) {
          return `<a href="${escapeHtml(href)}"${titleAttr}>${inner}</a>`;
        }
        const [path = '', fragment] = href.split('#');
        if (path.endsWith('.md')) {
          const target = sitePathOfRepoFile(posix.normalize(posix.join(repoDir, path)));
          if (target) {
            const rel = posix.relative(siteDir, target) || posix.basename(target);
            return `<a href="${escapeHtml(rel)}${fragment ? `#${escapeHtml(fragment)}` : ''}"${titleAttr}>${inner}</a>`;
          }
        }
        if (path.endsWith('.html')) return `<a href="${escapeHtml(href)}"${titleAttr}>${inner}</a>`;
        // A link to a source file of the repository has no page in the site: keep the path as text.
        const repoTarget = posix.normalize(posix.join(repoDir, path));
        warn(`${repoPath}: link to ${href} has no page in the site; shown as the path ${repoTarget}`);
        return `${inner} (<code>${escapeHtml(repoTarget)}</code>)`;
      },
      code({ text, lang }) {
        const language = (lang ?? '').split(/\s/)[0];
        return `<pre><code${language ? ` class="language-${escapeHtml(language)}"` : ''}>${escapeHtml(text)}</code></pre>\n`;
      },
    },
  });
  let html = /** @type {string} */ (marked.parse(markdown, { async: false }));
  html = html.replace(/<!--\s*credkit:([a-z0-9-]+)\s*-->/g, (whole, name) => {
    const replacement = directives[name];
    if (replacement === undefined) {
      warn(`${repoPath}: unknown directive credkit:${name}`);
      return whole;
    }
    return replacement;
  });
  return { html, title, headings };
}

const inline = new Marked({ gfm: true });

/**
 * Renders a short CommonMark text from the contract or a catalog (descriptions use `code` and
 * **emphasis**) as inline HTML. The text comes from the repository's own sources, which are trusted.
 * @example inlineMarkdown('deduplicate by `id`') // 'deduplicate by <code>id</code>'
 * @param {string} text
 */
export function inlineMarkdown(text) {
  return /** @type {string} */ (inline.parseInline(text, { async: false }));
}
