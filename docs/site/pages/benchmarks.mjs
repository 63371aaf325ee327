// benchmarks.html: the latest figures from bench/results/<name>.json (written by `npm run bench`),
// each with the command that reproduces it; a benchmark without results says "not measured yet".
import { html } from '../html.mjs';
import { page } from '../layout.mjs';

/**
 * @param {number} value
 */
function formatNumber(value) {
  return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/**
 * @param {import('../sources.mjs').Sources} sources
 */
export function benchmarksPage(sources) {
  const list = sources.benchmarks;
  const body = html`<h1>Benchmarks</h1>
<p class="lead">Each figure is measured side by side with its anchor in one run, so the ratios hold on any machine. Reproduce all of them with <code>npm run bench</code>, or one with <code>npm run bench &lt;name&gt;</code>.</p>
${list.length === 0 ? html`<div class="notice missing" role="note"><p><strong>Not measured yet:</strong> <code>bench/</code> holds no benchmark (<code>bench/*.mjs</code>) and no result (<code>bench/results/*.json</code>).</p></div>` : ''}
${list.map(({ name, result, error }) =>
    html`<section class="entry" id="${name}">
<h2><a class="anchor" href="#${name}" aria-hidden="true" tabindex="-1">#</a>${result?.name ?? name}</h2>
${result
      ? html`<p>Measured ${result.date ? html`on <time datetime="${result.date}">${result.date}</time>` : ''} with <code>${result.command ?? `npm run bench ${name}`}</code>.</p>
${(result.ratios ?? []).length > 0
          ? html`<table><caption>Ratios against the anchors</caption><thead><tr><th scope="col">Ratio</th><th scope="col">Measured</th><th scope="col">Target</th><th scope="col">Verdict</th></tr></thead><tbody>${result.ratios.map(
              (r) => html`<tr><td>${r.label}</td><td>${formatNumber(r.value)}</td><td>${String(r.target)}</td><td class="${r.pass ? 'pass' : 'fail'}">${r.pass ? '✓ meets target' : '× below target'}</td></tr>`,
            )}</tbody></table>`
          : ''}
${(result.metrics ?? []).length > 0
          ? html`<table><caption>Raw figures</caption><thead><tr><th scope="col">Metric</th><th scope="col">Value</th></tr></thead><tbody>${result.metrics.map(
              (m) => html`<tr><td>${m.label}</td><td>${formatNumber(m.value)} ${m.unit}</td></tr>`,
            )}</tbody></table>`
          : ''}`
      : html`<div class="notice missing" role="note"><p><strong>Not measured yet.</strong> ${error ?? ''} Run <code>npm run bench ${name}</code> to write <code>bench/results/${name}.json</code>, then <code>npm run docs:build</code>.</p></div>`}
</section>`,
  )}`;
  return [{ path: 'benchmarks.html', content: page({ path: 'benchmarks.html', title: 'Benchmarks', body }) }];
}
