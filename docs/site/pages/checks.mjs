// checks.html: the conformance catalog, generated from the suite's own registry
// (conformance/catalog.ts). One anchor per check id: the CLI's hints link to checks.html#<id>.
import { html, raw } from '../html.mjs';
import { inlineMarkdown } from '../markdown.mjs';
import { page } from '../layout.mjs';
import { missingNotice } from '../missing.mjs';

/**
 * The fragment a check's docsAnchor names, when it differs from the check id.
 * @param {import('../types.mjs').CheckEntry} check
 */
function extraAnchor(check) {
  if (!check.docsAnchor) return null;
  const fragment = check.docsAnchor.includes('#') ? check.docsAnchor.slice(check.docsAnchor.indexOf('#') + 1) : check.docsAnchor;
  return fragment && fragment !== check.id ? fragment : null;
}

/**
 * Asks a check whether it applies to each profile: `appliesTo` answers `true`, or a string saying
 * why not (shown on the page).
 * @param {import('../types.mjs').CheckEntry} check
 * @param {import('../sources.mjs').Sources} sources
 * @returns {{ applies: string[]; not: { profile: string; reason: string }[] }}
 */
function applicability(check, sources) {
  /** @type {string[]} */
  const applies = [];
  /** @type {{ profile: string; reason: string }[]} */
  const not = [];
  for (const name of sources.profileNames) {
    if (typeof check.appliesTo !== 'function') {
      applies.push(name);
      continue;
    }
    let answer;
    try {
      answer = check.appliesTo(/** @type {import('../types.mjs').WireProfile} */ (sources.profiles[name]));
    } catch (err) {
      answer = `appliesTo threw: ${/** @type {Error} */ (err).message}`;
    }
    if (answer === true) applies.push(name);
    else not.push({ profile: name, reason: typeof answer === 'string' ? answer : 'does not apply' });
  }
  return { applies, not };
}

/**
 * @param {unknown} value
 */
function asList(value) {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string' && value.length > 0) return [value];
  return [];
}

/**
 * @param {import('../sources.mjs').Sources} sources
 */
export function checksPage(sources) {
  const intro = html`<h1>Conformance checks</h1>
<p class="lead"><code>credkit conformance --url … --secret …</code> sends your webhook receiver the same deliveries the platform
will send, good and bad, and fails the build with a precise reason and a fix for each broken behaviour. Every failure
it prints links to the check’s entry below. This page is generated from the suite’s registry.</p>
<p>A check that needs a probe (an opt-in read-only view of what your receiver applied) and has none is reported as
<em>skipped</em>, never as passed. See <a href="guides/conformance-in-ci.html">conformance in CI</a>.</p>`;
  if (!sources.checks.ok) {
    return [{ path: 'checks.html', content: page({ path: 'checks.html', title: 'Conformance checks', body: html`${intro}${missingNotice(sources.checks)}` }) }];
  }
  const checks = sources.checks.value;
  const body = html`${intro}
<table class="overview">
<caption>${checks.length} checks</caption>
<thead><tr><th scope="col">Check</th><th scope="col">What it tests</th><th scope="col">Profiles</th><th scope="col">Probe</th></tr></thead>
<tbody>${checks.map((c) => {
    const { applies } = applicability(c, sources);
    return html`<tr><td><a href="#${c.id}"><code>${c.id}</code></a></td><td>${c.title}</td><td>${applies.length === sources.profileNames.length ? 'all' : applies.join(', ') || 'none'}</td><td>${c.needsProbe ? 'needs a probe' : ''}</td></tr>`;
  })}</tbody>
</table>
${checks.map((c) => {
    const sends = asList(c.sends);
    const extra = extraAnchor(c);
    const { applies, not } = applicability(c, sources);
    return html`<section class="entry check" id="${c.id}">
${extra ? html`<span id="${extra}"></span>` : ''}
<h2><a class="anchor" href="#${c.id}" aria-hidden="true" tabindex="-1">#</a><code>${c.id}</code> ${c.title}${c.needsProbe ? html` <span class="tag">needs a probe</span>` : ''}</h2>
<dl class="facts">
<dt>What it sends</dt><dd>${sends.length > 1 ? html`<ul>${sends.map((s) => html`<li>${raw(inlineMarkdown(s))}</li>`)}</ul>` : sends[0] !== undefined ? raw(inlineMarkdown(sends[0])) : html`<span class="none">not described</span>`}</dd>
<dt>Why it matters</dt><dd>${c.why ? raw(inlineMarkdown(c.why)) : html`<span class="none">not described</span>`}</dd>
<dt>How to fix</dt><dd>${c.fix ? raw(inlineMarkdown(c.fix)) : html`<span class="none">not described</span>`}</dd>
<dt>Profiles</dt><dd>${applies.length === sources.profileNames.length ? 'every profile' : applies.length === 0 ? 'none of the current profiles' : applies.map((p, i) => html`${i > 0 ? ', ' : ''}<a href="profiles.html#${p}"><code>${p}</code></a>`)}${not.length > 0 ? html`<ul class="not-applicable">${not.map((n) => html`<li>not <a href="profiles.html#${n.profile}"><code>${n.profile}</code></a>: ${n.reason}</li>`)}</ul>` : ''}</dd>
</dl>
</section>`;
  })}`;
  const aside = html`<h2>Checks</h2><ul>${checks.map((c) => html`<li><a href="#${c.id}"><code>${c.id}</code></a></li>`)}</ul>`;
  return [{ path: 'checks.html', content: page({ path: 'checks.html', title: 'Conformance checks', body, aside }) }];
}
