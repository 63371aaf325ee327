import { describe, expect, it } from 'vitest';
// @ts-ignore -- plain ESM module of the docs build (docs/ is outside the TypeScript project)
import { inlineMarkdown, renderMarkdown } from './markdown.mjs';

const guide = { repoPath: 'docs/guides/quickstart.md', sitePath: 'guides/quickstart.html' };

describe('guide markdown', () => {
  it('turns links between guides into links between pages, keeping the fragment', () => {
    const { html } = renderMarkdown('See [ordering](idempotency-and-ordering.md#order-by-revision).', guide);
    expect(html).toContain('<a href="idempotency-and-ordering.html#order-by-revision">ordering</a>');
  });

  it('links the contract changelog to its page in the site', () => {
    const { html } = renderMarkdown('The [changelog](../../spec/CHANGELOG.md).', guide);
    expect(html).toContain('<a href="../changelog.html">changelog</a>');
  });

  it('shows a link to a repository file that has no page as its path, and warns', () => {
    const warnings: string[] = [];
    const { html } = renderMarkdown('The [receiver](../../examples/receivers/express.ts).', { ...guide, warn: (m: string) => warnings.push(m) });
    expect(html).toContain('receiver (<code>examples/receivers/express.ts</code>)');
    expect(html).not.toContain('href="../../examples');
    expect(warnings).toHaveLength(1);
  });

  it('gives every heading a unique id and takes the first h1 as the title', () => {
    const { html, title, headings } = renderMarkdown('# Title\n## Check it\n## Check it\n### `missing_header`', guide);
    expect(title).toBe('Title');
    expect(headings.map((h: { id: string }) => h.id)).toEqual(['check-it', 'check-it-1', 'missing_header']);
    expect(html).toContain('<h2 id="check-it-1">');
  });

  it('replaces a directive with its generated block and warns about an unknown one', () => {
    const warnings: string[] = [];
    const { html } = renderMarkdown('<!-- credkit:dedupe-ttl -->\n\n<!-- credkit:nope -->', { ...guide, directives: { 'dedupe-ttl': '<p>5 days</p>' }, warn: (m: string) => warnings.push(m) });
    expect(html).toContain('<p>5 days</p>');
    expect(warnings).toEqual(['docs/guides/quickstart.md: unknown directive credkit:nope']);
  });

  it('escapes code blocks', () => {
    const { html } = renderMarkdown('```ts\nif (a < b) run("<x>");\n```', guide);
    expect(html).toContain('<code class="language-ts">if (a &lt; b) run(&quot;&lt;x&gt;&quot;);');
  });

  it('renders inline markdown of catalog descriptions', () => {
    expect(inlineMarkdown('deduplicate by `id`')).toBe('deduplicate by <code>id</code>');
  });
});
