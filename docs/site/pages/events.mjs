// events.html: every webhook event type, from generated/events.ts (eventCatalog: summary,
// description, example, emittedBy) and the bundled contract (the payload schema), with its name in
// each wire profile that renames it (spec/profiles → envelope.eventNames / vendorNames).
import { html, raw } from '../html.mjs';
import { page } from '../layout.mjs';
import { inlineMarkdown } from '../markdown.mjs';
import { missingNotice } from '../missing.mjs';
import { schemaRows } from '../schema-table.mjs';

/**
 * Renders the catalog's `emittedBy` (operations and lifecycle transitions) whatever its nesting:
 * strings as text, arrays as lists, objects as labelled lists.
 * @param {unknown} value
 * @returns {ReturnType<typeof html>}
 */
export function renderEmittedBy(value) {
  if (value === null || value === undefined) return html`<span class="none">not described</span>`;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return /^[A-Z]+ \//.test(String(value)) || /^[a-z_]+(\.[a-z_]+)*$/.test(String(value)) || /→|->/.test(String(value)) ? html`<code>${String(value)}</code>` : html`${String(value)}`;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return html`<span class="none">none</span>`;
    return html`<ul>${value.map((v) => html`<li>${renderEmittedBy(v)}</li>`)}</ul>`;
  }
  const entries = Object.entries(/** @type {Record<string, unknown>} */ (value));
  const fromTo = /** @type {{ from?: unknown; to?: unknown }} */ (value);
  if (entries.length <= 3 && 'to' in fromTo && typeof fromTo.to === 'string') {
    const rest = entries.filter(([k]) => k !== 'from' && k !== 'to');
    return html`<code>${fromTo.from === undefined ? '*' : Array.isArray(fromTo.from) ? fromTo.from.join(' | ') : String(fromTo.from)} → ${fromTo.to}</code>${rest.map(([k, v]) => html` <span class="note">${k}:</span> ${renderEmittedBy(v)}`)}`;
  }
  return html`<dl class="facts">${entries.map(([k, v]) => html`<dt>${k}</dt><dd>${renderEmittedBy(v)}</dd>`)}</dl>`;
}

/**
 * The JSON Schema of one event's payload in the contract's `webhooks`, if the contract has it.
 * @param {Record<string, any>} doc
 * @param {string} type
 */
export function webhookSchema(doc, type) {
  const webhooks = doc.webhooks ?? {};
  const direct = webhooks[type]?.post;
  const op =
    direct ??
    Object.values(webhooks)
      .map((w) => /** @type {any} */ (w)?.post)
      .find((o) => {
        const s = o?.requestBody?.content?.['application/json']?.schema;
        return o?.operationId === type || s?.properties?.type?.const === type;
      });
  return op?.requestBody?.content?.['application/json']?.schema ?? null;
}

/**
 * @param {import('../sources.mjs').Sources} sources
 */
export function eventsPage(sources) {
  const intro = html`<h1>Events</h1>
<p class="lead">Every change the platform makes is announced by a signed webhook. Events are small: the object’s id, its
<code>revision</code>, its status and a few key fields; fetch the rest through the API. Generated from the event catalog
(<code>generated/events.ts</code>) and the contract’s <code>webhooks</code>.</p>
<ul>
<li><code>id</code> is unique per event and identical on every retry and duplicate of it: deduplicate by it
(<a href="guides/idempotency-and-ordering.html">idempotency and ordering</a>).</li>
<li><code>data.revision</code> grows by one with every change of the object: apply an event only when its revision is higher than the one you hold.</li>
<li>Unknown event types and unknown fields will appear over time: answer 2xx and ignore them.</li>
</ul>`;
  if (!sources.events.ok) {
    return [{ path: 'events.html', content: page({ path: 'events.html', title: 'Events', body: html`${intro}${missingNotice(sources.events)}` }) }];
  }
  const { eventTypes, eventCatalog } = sources.events.value;
  const doc = sources.openapi.ok ? sources.openapi.value : null;
  /** @type {Map<string, string[]>} */
  const families = new Map();
  for (const t of eventTypes) {
    const family = eventCatalog[t]?.family ?? 'other';
    families.set(family, [...(families.get(family) ?? []), t]);
  }
  const renamingProfiles = sources.profileNames
    .map((n) => /** @type {import('../types.mjs').WireProfile} */ (sources.profiles[n]))
    .filter((p) => Object.keys(p.envelope.eventNames).length > 0);

  const body = html`${intro}
${doc ? '' : missingNotice(/** @type {{ what: string; reason: string; hint: string }} */ (sources.openapi))}
<table class="overview">
<caption>${eventTypes.length} event types</caption>
<thead><tr><th scope="col">Type</th><th scope="col">Object</th><th scope="col">When</th></tr></thead>
<tbody>${eventTypes.map((t) => html`<tr><td><a href="#${t}"><code>${t}</code></a></td><td><code>${eventCatalog[t]?.object ?? ''}</code></td><td>${eventCatalog[t]?.summary ?? ''}</td></tr>`)}</tbody>
</table>
${[...families].map(
    ([family, types]) => html`<h2 id="family-${family.replace(/\W+/g, '-')}" class="family">${family}</h2>
${types.map((t) => {
      const e = eventCatalog[t];
      const schema = doc ? webhookSchema(doc, t) : null;
      const rows = schema && doc ? schemaRows(schema, doc) : [];
      const names = renamingProfiles.filter((p) => p.envelope.eventNames[t] !== undefined);
      return html`<section class="entry event" id="${t}">
<h3><a class="anchor" href="#${t}" aria-hidden="true" tabindex="-1">#</a><code>${t}</code></h3>
<p><strong>${e?.summary ?? ''}</strong></p>
${e?.description ? html`<p>${raw(inlineMarkdown(e.description))}</p>` : ''}
<dl class="facts">
<dt>Object</dt><dd><code>data.object = "${e?.object ?? '?'}"</code></dd>
<dt>Emitted by</dt><dd>${renderEmittedBy(e?.emittedBy)}</dd>
<dt>State transitions</dt><dd>${renderEmittedBy(e?.transitions)}</dd>
<dt>Vendor names</dt><dd>${names.length === 0
        ? 'the native name in every profile'
        : html`<ul>${names.map(
            (p) => html`<li><a href="profiles.html#${p.name}"><code>${p.name}</code></a>: <code>${p.envelope.eventNames[t]}</code> ${p.envelope.vendorNames?.includes(t) ? html`<span class="tag">${p.vendor ?? p.title}’s own name</span>` : html`<span class="tag">credkit extension in ${p.vendor ?? p.title}’s style</span>`}</li>`,
          )}</ul>`}</dd>
</dl>
${rows.length > 0
        ? html`<details><summary>Payload schema</summary><table><thead><tr><th scope="col">Field</th><th scope="col">Type</th><th scope="col">Required</th><th scope="col">Description</th></tr></thead><tbody>${rows.map(
            (r) => html`<tr><td><code>${r.path}</code></td><td>${r.type}</td><td>${r.required ? 'yes' : ''}</td><td>${raw(inlineMarkdown(r.description))}</td></tr>`,
          )}</tbody></table></details>`
        : doc
          ? html`<p class="notice missing" role="note">The contract has no payload schema for <code>${t}</code> under <code>webhooks</code>.</p>`
          : ''}
${e?.example ? html`<details open><summary>Example</summary><pre><code class="language-json">${JSON.stringify(e.example, null, 2)}</code></pre></details>` : ''}
</section>`;
    })}`,
  )}`;
  const aside = html`<h2>Event types</h2>${[...families].map(([family, types]) => html`<h2>${family}</h2><ul>${types.map((t) => html`<li><a href="#${t}"><code>${t}</code></a></li>`)}</ul>`)}`;
  return [{ path: 'events.html', content: page({ path: 'events.html', title: 'Events', body, aside }) }];
}
