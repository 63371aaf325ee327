// cli.html: the `credkit` commands, from the same typed tables that drive parsing and --help
// (cli/commands/*.ts), so the page and `credkit <command> --help` cannot disagree.
import { html } from '../html.mjs';
import { page } from '../layout.mjs';

/**
 * A command that is still the placeholder says so instead of being documented as real.
 * @param {import('../types.mjs').CommandSpec} c
 */
export function isPlaceholder(c) {
  return c.summary === 'not built yet';
}

/**
 * @param {import('../sources.mjs').Sources} sources
 */
export function cliPage(sources) {
  const commands = sources.commands;
  const body = html`<h1>The <code>credkit</code> command</h1>
<p class="lead">Generated from the command tables in <code>cli/commands/</code>: the same data drives the parser and <code>--help</code>.</p>
<pre><code>npx credkit &lt;command&gt; [options]
npx credkit &lt;command&gt; --help</code></pre>
<p>Bad input exits with code 2 and one line plus a <code>hint:</code>; a failed run exits with code 1.</p>
${commands.length === 0 ? html`<div class="notice missing" role="note"><p>No command table was found in <code>dist/cli/commands/</code>: run <code>npm run build</code>, then rebuild the docs.</p></div>` : ''}
${commands.map(
    (c) => html`<section class="entry" id="${c.name}">
<h2><a class="anchor" href="#${c.name}" aria-hidden="true" tabindex="-1">#</a><code>credkit ${c.name}</code></h2>
${isPlaceholder(c)
      ? html`<p class="notice missing" role="note">Not built yet in this version of credkit.</p>`
      : html`<p>${c.summary}</p>
${c.description ? html`<p>${c.description}</p>` : ''}
<pre><code>${c.usage}</code></pre>
${Object.keys(c.options).length > 0
          ? html`<table><caption>Options of <code>credkit ${c.name}</code></caption><thead><tr><th scope="col">Option</th><th scope="col">What it does</th><th scope="col">Default</th></tr></thead><tbody>${Object.entries(
              c.options,
            ).map(
              ([name, o]) =>
                html`<tr><td><code>--${name}${o.type === 'string' ? ` <${o.valueName ?? 'value'}>` : ''}</code>${o.short ? html`, <code>-${o.short}</code>` : ''}</td><td>${o.description}${o.choices ? html` One of ${o.choices.map((ch, i) => html`${i > 0 ? ', ' : ''}<code>${ch}</code>`)}.` : ''}</td><td>${o.default === undefined ? '' : html`<code>${String(o.default)}</code>`}</td></tr>`,
            )}</tbody></table>`
          : ''}
${c.examples && c.examples.length > 0 ? html`<h3 id="${c.name}-examples">Examples</h3><pre><code>${c.examples.join('\n')}</code></pre>` : ''}`}
</section>`,
  )}`;
  const aside = html`<h2>Commands</h2><ul>${commands.map((c) => html`<li><a href="#${c.name}">${c.name}</a></li>`)}</ul>`;
  return [{ path: 'cli.html', content: page({ path: 'cli.html', title: 'CLI', body, aside }) }];
}
