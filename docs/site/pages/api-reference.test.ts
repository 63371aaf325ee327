import { describe, expect, it } from 'vitest';
// @ts-ignore -- plain ESM module of the docs build (docs/ is outside the TypeScript project)
import { offlineRedoc } from './api-reference.mjs';

/** The shape of `redocly build-docs` output that matters here, trimmed. */
const redocOutput = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf8" />
  <title>T</title>
</head>
<body>
  <div id="redoc"><script>/* colour mode */</script><a href="/">Home</a><a href="/webhooks">Webhooks</a><a href="https://redocly.com/redoc/">by Redoc</a></div>
  <script type="module">var logo = \`https://cdn.redoc.ly/redoc/logo-mini-full.svg\`; var link = 'href="/keep"';</script>
</body>
</html>`;

describe('offline Redoc output', () => {
  it('replaces the CDN-hosted logo with an inline image', () => {
    const out = offlineRedoc(redocOutput) as string;
    expect(out).not.toContain('cdn.redoc.ly');
    expect(out).toContain('data:image/svg+xml,');
  });

  it('rewrites prerendered absolute links to the hash routes Redoc uses once hydrated, and nothing in the script', () => {
    const out = offlineRedoc(redocOutput) as string;
    expect(out).toContain('<a href="#/">Home</a><a href="#/webhooks">Webhooks</a>');
    expect(out).toContain('<a href="https://redocly.com/redoc/">');
    expect(out).toContain(`var link = 'href="/keep"'`);
  });

  it('adds the content security policy and the shared nav', () => {
    const out = offlineRedoc(redocOutput) as string;
    expect(out).toContain('http-equiv="Content-Security-Policy"');
    expect(out).toMatch(/<nav aria-label="Site">[\s\S]*href="api.html" aria-current="page"/);
    expect(out).toContain('<meta charset="utf-8" />');
  });
});
