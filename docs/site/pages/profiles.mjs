// profiles.html: every wire profile from spec/profiles (through generated/profiles.ts): headers,
// signed bytes, secret, timestamp rules, handshake, envelope, retry schedule (table and SVG), budget.
import { formatDuration, html, raw } from '../html.mjs';
import { page } from '../layout.mjs';
import { retryAttempts, retryHorizonInSeconds, retryTimelineSvg } from '../retry-schedule.mjs';

/**
 * What the signature header's value looks like, from the profile's header format.
 * @param {import('../types.mjs').WireProfile} p
 */
export function signatureHeaderShape(p) {
  const sig = p.signature.encoding === 'base64' ? '<base64 signature>' : '<hex signature>';
  const format = p.signature.headerFormat;
  switch (format) {
    case 'versioned-list':
      return `${p.signature.version ?? 'v1'},${sig}${p.signature.multiple ? ` (several, space-separated, during a secret rotation)` : ''}`;
    case 'stripe':
      return `t=<unix seconds>,${p.signature.version ?? 'v1'}=${sig}${p.signature.multiple ? `[,${p.signature.version ?? 'v1'}=…]` : ''}`;
    case 'bare':
      return sig;
    default: {
      /** @type {never} */
      const unknown = format;
      throw new Error(`unknown signature header format ${String(unknown)}`);
    }
  }
}

/**
 * The bytes the HMAC covers, in words.
 * @param {import('../types.mjs').WireProfile} p
 */
export function signedContentInWords(p) {
  const content = p.signature.signedContent;
  switch (content) {
    case '{id}.{timestamp}.{body}':
      return `the ${p.headers.id} header, a dot, the ${p.headers.timestamp} header, a dot, then the raw body bytes`;
    case '{timestamp}.{body}':
      return `the timestamp (t= of ${p.headers.signature}), a dot, then the raw body bytes`;
    case '{body}':
      return 'the raw body bytes, nothing else';
    default: {
      /** @type {never} */
      const unknown = content;
      throw new Error(`unknown signed content ${String(unknown)}`);
    }
  }
}

/**
 * @param {import('../types.mjs').WireProfile} p
 */
function timestampRule(p) {
  const t = p.timestamp;
  switch (t.location) {
    case 'none':
      return 'No timestamp is signed: a replay cannot be detected from the signature; deduplicate by event id.';
    case 'header':
    case 'signature':
      return `${t.location === 'header' ? `In ${p.headers.timestamp}` : `In the t= part of ${p.headers.signature}`}, unix seconds; rejected when more than ${t.toleranceInSeconds ?? '?'} s old${t.rejectFuture ? ` or more than ${t.toleranceInSeconds ?? '?'} s in the future` : ' (a timestamp in the future is accepted)'}.`;
    default: {
      /** @type {never} */
      const unknown = t.location;
      throw new Error(`unknown timestamp location ${String(unknown)}`);
    }
  }
}

/**
 * @param {import('../types.mjs').WireProfile} p
 * @param {number} scaleMaxInSeconds
 * @param {import('../sources.mjs').Sources['handshakeRequirement']} handshakeRequirement
 */
function profileSection(p, scaleMaxInSeconds, handshakeRequirement) {
  const attempts = retryAttempts(p);
  const headerRows = [
    ['event id', p.headers.id],
    ['timestamp', p.headers.timestamp],
    ['signature', p.headers.signature],
    ...Object.entries(p.headers.extra).map(([name, value]) => [`extra: ${value}`, name]),
  ];
  const renamed = Object.entries(p.envelope.eventNames);
  const h = p.handshake;
  return html`<section class="profile" id="${p.name}" aria-labelledby="${p.name}-title">
<h2 id="${p.name}-title"><a class="anchor" href="#${p.name}" aria-hidden="true" tabindex="-1">#</a>${p.title} <code>${p.name}</code></h2>
<p>${p.description}</p>
<dl class="facts">
  <dt>Vendor</dt><dd>${p.vendor ?? 'none: credkit’s native profile'}</dd>
  <dt>Select it</dt><dd><code>--profile ${p.name}</code></dd>
  <dt>Response budget</dt><dd>${p.responseBudgetInSeconds} s: a slower answer counts as a failed attempt</dd>
</dl>
<h3 id="${p.name}-headers">Headers</h3>
<table>
<thead><tr><th scope="col">Carries</th><th scope="col">Header</th></tr></thead>
<tbody>${headerRows.map(([role, name]) => html`<tr><td>${role}</td><td>${name ? html`<code>${name}</code>` : html`<span class="none">not sent</span>`}</td></tr>`)}</tbody>
</table>
<h3 id="${p.name}-signature">Signature and signed bytes</h3>
<dl class="facts">
  <dt>Algorithm</dt><dd>${p.signature.algorithm.toUpperCase()}, ${p.signature.encoding}</dd>
  <dt>Signed bytes</dt><dd><code>${p.signature.signedContent}</code>: ${signedContentInWords(p)}</dd>
  <dt>Header value</dt><dd><code>${p.headers.signature}: ${signatureHeaderShape(p)}</code></dd>
  <dt>Secret</dt><dd>${p.secret.prefix ? html`<code>${p.secret.prefix}</code> followed by ` : ''}${p.secret.bytes} random bytes; the HMAC key is ${p.secret.keyEncoding === 'base64' ? `the base64-decoded text after ${p.secret.prefix || 'the prefix'}` : 'the secret’s text as UTF-8'}</dd>
  <dt>Timestamp</dt><dd>${timestampRule(p)}</dd>
</dl>
<h3 id="${p.name}-handshake">Verification handshake</h3>
${h
  ? html`<p>Before the first event, the platform sends <code>${h.method} {your url}?${h.queryParameter}=&lt;random&gt;</code>. ${handshakeRequirement(h)} Header values are compared case-insensitively, without surrounding whitespace; the body byte for byte. The mock’s engine and <code>credkit conformance</code> judge the answer with the same function, <code>judgeHandshake</code> from <code>credkit/webhooks</code>.</p>`
  : html`<p>None: the endpoint receives events as soon as it is registered.</p>`}
<h3 id="${p.name}-envelope">Envelope and event names</h3>
<p>${p.envelope.kind === 'native'
    ? html`The native envelope (<code>id</code>, <code>type</code>, <code>createdAt</code>, <code>apiVersion</code>, <code>data</code>).`
    : html`The ${p.vendor ?? p.title} envelope <code>{id, event_type, object_id, object_type}</code>; fetch the object through the API.`}
 ${renamed.length > 0 ? html`${renamed.length} event types carry a vendor-style name: see the <a href="events.html">events reference</a>.` : 'Event types keep their native names.'}</p>
<h3 id="${p.name}-retries">Retry schedule</h3>
<p>${attempts.length} attempts in all: the first delivery, then ${p.retry.scheduleInSeconds.length} retries${p.retry.jitterRatio > 0 ? `, each delay ±${Math.round(p.retry.jitterRatio * 100)}% jitter` : ', no jitter'}. The last retry can arrive up to <strong>${formatDuration(retryHorizonInSeconds(p))}</strong> after the first attempt. ${p.retry.source}</p>
${raw(retryTimelineSvg(p, { scaleMaxInSeconds }))}
<table class="schedule" id="schedule-${p.name}">
<caption>Attempts of one event under <code>${p.name}</code></caption>
<thead><tr><th scope="col">Attempt</th><th scope="col">Delay after the previous</th><th scope="col">Time after the first</th><th scope="col">Window with jitter and budget</th></tr></thead>
<tbody>${attempts.map(
    (a) => html`<tr><td>${a.attempt}</td><td>${a.attempt === 1 ? '—' : formatDuration(a.delay)}</td><td>${a.at === 0 ? '0 s' : formatDuration(a.at)}</td><td>${a.attempt === 1 ? 'immediately' : `${formatDuration(a.earliest)} – ${formatDuration(a.latest)}`}</td></tr>`,
  )}</tbody>
</table>
</section>`;
}

/**
 * @param {import('../sources.mjs').Sources} sources
 * @returns {{ path: string; content: string }[]}
 */
export function profilesPage(sources) {
  const all = sources.profileNames.map((n) => /** @type {import('../types.mjs').WireProfile} */ (sources.profiles[n]));
  const scaleMaxInSeconds = Math.max(...all.map(retryHorizonInSeconds));
  const body = html`<h1>Wire profiles</h1>
<p class="lead">A wire profile is data, not code: how one platform names its headers, what it signs, how it encodes the
signature, which handshake it needs and how it retries. The signer, the verifier, the mock’s delivery engine and the
conformance suite all read the same profile. This page is generated from <code>spec/profiles/*.yaml</code>.</p>
<p>Delivery semantics are the same for every profile: at-least-once; any 2xx is success; a 3xx is a failure and is never
followed; 410 disables the endpoint; 429, 502, 503 and 504 honour <code>Retry-After</code>; ordering is not guaranteed.</p>
<table class="overview">
<caption>All profiles at a glance</caption>
<thead><tr><th scope="col">Profile</th><th scope="col">Signature header</th><th scope="col">Signed bytes</th><th scope="col">Handshake</th><th scope="col">Retries</th><th scope="col">Last retry by</th></tr></thead>
<tbody>${all.map(
    (p) => html`<tr><td><a href="#${p.name}"><code>${p.name}</code></a></td><td><code>${p.headers.signature}</code></td><td><code>${p.signature.signedContent}</code></td><td>${p.handshake ? `${p.handshake.method} ?${p.handshake.queryParameter}=` : 'none'}</td><td>${p.retry.scheduleInSeconds.map((s) => formatDuration(s)).join(', ')}</td><td>${formatDuration(retryHorizonInSeconds(p))}</td></tr>`,
  )}</tbody>
</table>
<p class="note">Timelines share one logarithmic axis (seconds to days) so the profiles compare at a glance; shaded bars are
the jitter and response-budget window of each attempt.</p>
${all.map((p) => profileSection(p, scaleMaxInSeconds, sources.handshakeRequirement))}`;
  const aside = html`<h2>Profiles</h2><ul>${all.map((p) => html`<li><a href="#${p.name}">${p.title}</a></li>`)}</ul>`;
  return [{ path: 'profiles.html', content: page({ path: 'profiles.html', title: 'Wire profiles', body, aside }) }];
}
