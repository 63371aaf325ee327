// Escaping-by-default HTML templates: every interpolated value is escaped unless wrapped in raw(),
// so text from the contract, the profiles or the check registry can never inject markup.

const RAW = Symbol('raw');

/**
 * Marks a string as already-safe HTML.
 * @example html`<p>${raw('<b>kept</b>')}</p>`
 * @param {string} value
 * @returns {{ [RAW]: string }}
 */
export function raw(value) {
  return { [RAW]: value };
}

/**
 * Escapes text for HTML element content and double-quoted attribute values.
 * @example escapeHtml('a < b') // 'a &lt; b'
 * @param {unknown} value
 */
export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** @param {unknown} value @returns {string} */
function render(value) {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  if (typeof value === 'object' && RAW in value) return /** @type {{ [RAW]: string }} */ (value)[RAW];
  return escapeHtml(value);
}

/**
 * Tagged template producing safe HTML; arrays are joined, null/undefined/false render nothing.
 * @example html`<li>${name}</li>` // name is escaped
 * @param {TemplateStringsArray} strings
 * @param {unknown[]} values
 */
export function html(strings, ...values) {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return raw(out);
}

/**
 * The string inside a raw() value (what gets written to disk).
 * @param {{ [RAW]: string }} fragment
 */
export function toHtmlString(fragment) {
  return fragment[RAW];
}

/**
 * A URL-fragment-safe id for a heading or a catalog entry: lowercase words joined by dashes
 * (underscores kept, as GitHub does, so `missing_header` stays linkable as #missing_header).
 * Ids that are already stable (check ids, event types) are used verbatim instead, never slugged.
 * @example slug('Dedupe by event id') // 'dedupe-by-event-id'
 * @param {string} text
 */
export function slug(text) {
  return text
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/&[a-z]+;|&#\d+;/g, '')
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Formats a duration in seconds the way a reader says it: 5 s, 5 min, 2 h, 1 d 6 h.
 * @example formatDuration(5400) // '1 h 30 min'
 * @param {number} seconds
 */
export function formatDuration(seconds) {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const units = /** @type {const} */ ([
    ['d', 86400],
    ['h', 3600],
    ['min', 60],
    ['s', 1],
  ]);
  const parts = [];
  let rest = s;
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n} ${unit}`);
    rest -= n * size;
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}
