// guides/*.html from docs/guides/*.md, the guides index, and changelog.html from spec/CHANGELOG.md.
// Guides other engineers own get a generated fallback page while their markdown is absent, so the
// nav never leads nowhere; the fallback says plainly that the guide is not written yet.
import { formatDuration, html, raw } from '../html.mjs';
import { page } from '../layout.mjs';
import { renderMarkdown } from '../markdown.mjs';
import { missingNotice } from '../missing.mjs';
import { dedupeTtlInDays, MAX_RETRY_AFTER_IN_SECONDS, retryAttempts, retryHorizonInSeconds } from '../retry-schedule.mjs';
import { signatureHeaderShape } from './profiles.mjs';
import { transportFailures } from '../../../dist/webhooks/transport-failure.js';
import { toHtmlString } from '../html.mjs';

/**
 * The guides, in reading order. `fallback` builds the page shown while the markdown is absent.
 * @type {readonly { name: string; title: string; summary: string; fallback?: (s: import('../sources.mjs').Sources) => ReturnType<typeof html> }[]}
 */
export const guideCatalog = [
  { name: 'install', title: 'Install', summary: 'credkit for development and CI, @credkit/sdk for production; Node versions, subpaths and TypeScript settings.' },
  { name: 'quickstart', title: 'Quickstart', summary: 'From an empty folder to a verified webhook from the mock in five minutes.' },
  {
    name: 'verifying-signatures',
    title: 'Verifying signatures',
    summary: 'Per profile, with node:http, Express (express.raw) and a Fetch handler; the raw-body pitfall.',
    fallback: (s) => html`<p>Until the guide lands, every profile’s signature rules are on the <a href="../profiles.html">wire profiles page</a>:</p>${raw(signatureTable(s))}
<p>Always verify the <strong>raw</strong> request bytes, before any JSON parsing: a body that was parsed and re-serialized no longer matches its signature.</p>
${raw(webhookErrorCodesSection(s))}`,
  },
  { name: 'client', title: 'The typed client', summary: 'createClient, errors as values, If-Match, idempotency keys, retries and paginate.' },
  { name: 'idempotency-and-ordering', title: 'Idempotency and ordering', summary: 'Deduplicate by event id for longer than the retry horizon; order by revision.' },
  {
    name: 'mock-platform',
    title: 'Running the mock and triggering events',
    summary: 'The stateful mock platform: real API behaviour and signed webhooks pushed to your receiver.',
    fallback: () => html`<p>Until the guide lands, the <a href="../cli.html#mock"><code>credkit mock</code></a>, <a href="../cli.html#trigger"><code>credkit trigger</code></a> and <a href="../cli.html#deliveries"><code>credkit deliveries</code></a> references list every option. Start the mock with <code>npm start</code>.</p>`,
  },
  {
    name: 'delivery',
    title: 'Webhook delivery from the mock platform',
    summary: 'Retries by profile schedule, duplicates and reordering, handshakes, rotation, and how nothing is lost.',
    fallback: () => html`<p>Until the guide lands, the <a href="../cli.html#mock"><code>credkit mock</code></a> reference lists the delivery options and the <a href="../profiles.html">wire profiles page</a> every retry schedule.</p>`,
  },
  {
    name: 'conformance-in-ci',
    title: 'Conformance in CI',
    summary: 'Run the suite against your receiver in CI and read its report.',
    fallback: () => html`<p>Until the guide lands, see the <a href="../cli.html#conformance"><code>credkit conformance</code></a> reference and the <a href="../checks.html">catalog of checks</a>.</p>`,
  },
  { name: 'versioning', title: 'Versioning and the changelog', summary: 'How the contract is versioned, what counts as breaking, and where changes are listed.' },
  { name: 'threat-model', title: 'Threat model of the mock', summary: 'A loopback development tool: what it defends against (web pages, DNS rebinding, replay), what it does not, and the flags that change it.' },
];

/**
 * The signature facts of every profile as an HTML table (also the `profile-signatures` directive).
 * @param {import('../sources.mjs').Sources} s
 */
function signatureTable(s) {
  return toHtmlString(html`<table><caption>Signature rules per wire profile</caption><thead><tr><th scope="col">Profile</th><th scope="col">Header</th><th scope="col">Signed bytes</th><th scope="col">Timestamp tolerance</th></tr></thead><tbody>${s.profileNames.map((n) => {
    const p = /** @type {import('../types.mjs').WireProfile} */ (s.profiles[n]);
    return html`<tr><td><a href="../profiles.html#${p.name}"><code>${p.name}</code></a></td><td><code>${p.headers.signature}: ${signatureHeaderShape(p)}</code></td><td><code>${p.signature.signedContent}</code></td><td>${p.timestamp.toleranceInSeconds === null ? 'none signed' : `${p.timestamp.toleranceInSeconds} s`}</td></tr>`;
  })}</tbody></table>`);
}

/**
 * One anchor per WebhookVerificationError code (webhooks/errors.ts): the errors' docs links
 * (WEBHOOK_DOCS_URL#<code>) land here.
 * @param {import('../sources.mjs').Sources} s
 */
function webhookErrorCodesSection(s) {
  if (!s.webhookErrorCodes.ok) return toHtmlString(missingNotice(s.webhookErrorCodes));
  return toHtmlString(html`<section class="error-codes"><h2 id="error-codes"><a class="anchor" href="#error-codes" aria-hidden="true" tabindex="-1">#</a>Error codes</h2>
<p>Every verification failure is a <code>WebhookVerificationError</code> with one of these codes. Answer the first ones with a 4xx;
a configuration error (your side) with a 5xx, so the platform retries once it is fixed.</p>
${Object.entries(s.webhookErrorCodes.value).map(
    ([code, e]) => html`<h3 id="${code}"><a class="anchor" href="#${code}" aria-hidden="true" tabindex="-1">#</a><code>${code}</code></h3>
<p>${e.reason}. <strong>Fix:</strong> ${e.hint}. ${e.configuration ? html`<span class="tag">configuration error: answer 5xx</span>` : html`<span class="tag">answer 4xx</span>`}</p>`,
  )}</section>`);
}

/**
 * Generated blocks a guide can place with `<!-- credkit:name -->`.
 * @param {import('../sources.mjs').Sources} s
 * @returns {Record<string, string>}
 */
export function guideDirectives(s) {
  const all = s.profileNames.map((n) => /** @type {import('../types.mjs').WireProfile} */ (s.profiles[n]));
  const ttlDays = dedupeTtlInDays(all);
  const withRetryAfter = (/** @type {import('../types.mjs').WireProfile} */ p) => retryHorizonInSeconds(p, { withRetryAfter: true });
  const longest = all.reduce((a, b) => (withRetryAfter(b) > withRetryAfter(a) ? b : a));
  return {
    'retry-horizons': toHtmlString(html`<table><caption>How long retries of one event can keep arriving</caption><thead><tr><th scope="col">Profile</th><th scope="col">Attempts</th><th scope="col">Delays</th><th scope="col">Last retry by (with jitter and response budget)</th><th scope="col">… if your receiver answers <code>Retry-After</code> (honoured up to ${formatDuration(MAX_RETRY_AFTER_IN_SECONDS)} per attempt)</th></tr></thead><tbody>${all.map(
      (p) => html`<tr><td><a href="../profiles.html#${p.name}"><code>${p.name}</code></a></td><td>${retryAttempts(p).length}</td><td>${p.retry.scheduleInSeconds.map((d) => formatDuration(d)).join(', ')}</td><td>${formatDuration(retryHorizonInSeconds(p))}</td><td>${formatDuration(withRetryAfter(p))}</td></tr>`,
    )}</tbody></table>`),
    'dedupe-ttl': toHtmlString(html`<p class="notice"><strong>Keep processed event ids for at least ${ttlDays} days.</strong> The longest horizon is ${formatDuration(withRetryAfter(longest))} (<code>${longest.name}</code>, when the receiver answers each failure with a <code>Retry-After</code> of a day or more, which the platform caps at ${formatDuration(MAX_RETRY_AFTER_IN_SECONDS)} per attempt); ${ttlDays} days is that, rounded up to whole days, plus one day for a delivery an operator replays by hand. <code>dedupeTtlInDays(Object.values(profiles))</code> from <code>credkit/webhooks</code> computes it.</p>`),
    'dedupe-ttl-days': String(ttlDays),
    'transport-failures': toHtmlString(html`<table><caption>The <code>error</code> of an attempt that got no answer (the same codes in <code>credkit conformance</code> reports)</caption><thead><tr><th scope="col"><code>error</code></th><th scope="col">Meaning</th></tr></thead><tbody>${Object.entries(transportFailures).map(([code, sentence]) => html`<tr><td><code>${code}</code></td><td>${sentence}</td></tr>`)}</tbody></table>`),
    'profile-signatures': signatureTable(s),
    'webhook-error-codes': webhookErrorCodesSection(s),
    'webhook-breaking-rules': s.webhookRules.ok
      ? toHtmlString(html`<table><caption>How the gate judges a change of a webhook payload (scripts/lib/webhook-diff.mjs)</caption><thead><tr><th scope="col">Change</th><th scope="col">Verdict</th><th scope="col">Why</th></tr></thead><tbody>${Object.entries(s.webhookRules.value).map(
          ([rule, r]) => html`<tr><td><code>${rule}</code></td><td class="${r.severity === 'breaking' ? 'fail' : 'pass'}">${r.severity}</td><td>${r.why}</td></tr>`,
        )}</tbody></table>`)
      : toHtmlString(missingNotice(s.webhookRules)),
    'event-types': s.events.ok
      ? toHtmlString(html`<ul class="columns">${s.events.value.eventTypes.map((t) => html`<li><a href="../events.html#${t}"><code>${t}</code></a></li>`)}</ul>`)
      : toHtmlString(missingNotice(s.events)),
  };
}

/**
 * True when some error code of webhooks/errors.ts has no element id in the rendered guide.
 * @param {import('../sources.mjs').Sources} sources
 * @param {string} bodyHtml
 */
function missingErrorAnchors(sources, bodyHtml) {
  return sources.webhookErrorCodes.ok && Object.keys(sources.webhookErrorCodes.value).some((code) => !bodyHtml.includes(`id="${code}"`));
}

/**
 * @param {string} current the guide's name, or '' on the index
 * @param {{ depth: number; id: string; text: string }[]} headings
 */
function guideAside(current, headings) {
  return html`<h2>Guides</h2><ul>${guideCatalog.map(
    (g) => html`<li><a href="${g.name}.html"${g.name === current ? raw(' aria-current="page"') : ''}>${g.title}</a></li>`,
  )}<li><a href="../changelog.html">Changelog</a></li></ul>
${headings.length > 0 ? html`<h2>On this page</h2><ul>${headings.filter((h) => h.depth === 2).map((h) => html`<li><a href="#${h.id}">${h.text}</a></li>`)}</ul>` : ''}`;
}

/**
 * @param {import('../sources.mjs').Sources} sources
 * @param {{ warn: (message: string) => void }} options
 * @returns {{ path: string; content: string }[]}
 */
export function guidePages(sources, { warn }) {
  const directives = guideDirectives(sources);
  /** @type {{ path: string; content: string }[]} */
  const out = [];
  const known = new Set(guideCatalog.map((g) => g.name));
  const extra = [...sources.guides.keys()].filter((n) => !known.has(n)).sort().map((name) => ({ name, title: name, summary: '', fallback: undefined }));
  for (const guide of [...guideCatalog, ...extra]) {
    const path = `guides/${guide.name}.html`;
    const markdown = sources.guides.get(guide.name);
    if (markdown !== undefined) {
      const rendered = renderMarkdown(markdown, { repoPath: `docs/guides/${guide.name}.md`, sitePath: path, directives, warn });
      const title = rendered.title ?? guide.title;
      let bodyHtml = rendered.html;
      const headings = [...rendered.headings];
      // The error codes' docs links must land somewhere even if the guide does not place the directive.
      if (guide.name === 'verifying-signatures' && missingErrorAnchors(sources, bodyHtml)) {
        bodyHtml += /** @type {string} */ (directives['webhook-error-codes']);
        headings.push({ depth: 2, id: 'error-codes', text: 'Error codes' });
      }
      out.push({ path, content: page({ path, title, description: guide.summary || title, body: raw(bodyHtml), aside: guideAside(guide.name, headings) }) });
    } else {
      warn(`docs/guides/${guide.name}.md is missing; ${path} is a generated fallback`);
      const body = html`<h1>${guide.title}</h1>
<div class="notice missing" role="note"><p><strong>This guide is not written yet</strong> (<code>docs/guides/${guide.name}.md</code> is missing in this build).</p></div>
${guide.fallback ? guide.fallback(sources) : ''}`;
      out.push({ path, content: page({ path, title: guide.title, body, aside: guideAside(guide.name, []) }) });
    }
  }
  const index = html`<h1>Guides</h1>
<ul class="guide-list">${guideCatalog.map((g) => html`<li><a href="${g.name}.html">${g.title}</a>${sources.guides.has(g.name) ? '' : html` <span class="tag">not written yet</span>`}<br><span class="note">${g.summary}</span></li>`)}
<li><a href="../changelog.html">Changelog</a><br><span class="note">Every released change of the contract (spec/CHANGELOG.md).</span></li></ul>`;
  out.push({ path: 'guides/index.html', content: page({ path: 'guides/index.html', title: 'Guides', body: index, aside: guideAside('', []) }) });

  const changelog = sources.changelog.ok
    ? renderMarkdown(sources.changelog.value, { repoPath: 'spec/CHANGELOG.md', sitePath: 'changelog.html', directives, warn })
    : null;
  const changelogBody = changelog
    ? raw(changelog.html)
    : html`<h1>Changelog</h1>${missingNotice(/** @type {{ what: string; reason: string; hint: string }} */ (sources.changelog))}`;
  out.push({ path: 'changelog.html', content: page({ path: 'changelog.html', title: changelog?.title ?? 'Changelog', body: changelogBody }) });
  return out;
}
