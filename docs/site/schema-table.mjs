// A JSON Schema (from the bundled contract) flattened into rows a reader can scan: one row per
// property, nested objects as dotted paths (`data.revision`), $ref and allOf resolved.

/**
 * Follows a local $ref ('#/components/schemas/X') in the document.
 * @param {any} schema
 * @param {Record<string, any>} doc
 * @returns {any}
 */
export function resolveRef(schema, doc, seen = new Set()) {
  if (!schema || typeof schema !== 'object' || typeof schema.$ref !== 'string') return schema;
  if (seen.has(schema.$ref) || !schema.$ref.startsWith('#/')) return schema;
  seen.add(schema.$ref);
  /** @type {any} */
  let target = doc;
  for (const part of schema.$ref.slice(2).split('/')) target = target?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  if (target === undefined) return schema;
  const { $ref: _ref, ...siblings } = schema;
  return resolveRef({ ...target, ...siblings }, doc, seen);
}

/**
 * Merges allOf parts into one object schema (properties and required lists).
 * @param {any} schema
 * @param {Record<string, any>} doc
 * @returns {any}
 */
function flatten(schema, doc) {
  const s = resolveRef(schema, doc);
  if (!s || !Array.isArray(s.allOf)) return s;
  const parts = s.allOf.map((/** @type {any} */ p) => flatten(p, doc));
  const merged = { ...s, allOf: undefined, properties: { ...(s.properties ?? {}) }, required: [...(s.required ?? [])] };
  for (const p of parts) {
    Object.assign(merged.properties, p?.properties ?? {});
    merged.required.push(...(p?.required ?? []));
    if (!merged.type && p?.type) merged.type = p.type;
    if (!merged.description && p?.description) merged.description = p.description;
  }
  return merged;
}

/**
 * A short type label: `string (date-time)`, `"credential"`, `one of: "a", "b"`, `array of string`.
 * @param {any} schema
 * @param {Record<string, any>} doc
 * @returns {string}
 */
export function typeLabel(schema, doc) {
  const s = flatten(schema, doc);
  if (!s || typeof s !== 'object') return 'any';
  if ('const' in s) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return `one of: ${s.enum.map((/** @type {unknown} */ v) => JSON.stringify(v)).join(', ')}`;
  const alternatives = s.oneOf ?? s.anyOf;
  if (Array.isArray(alternatives)) return alternatives.map((/** @type {any} */ a) => typeLabel(a, doc)).join(' | ');
  const type = Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? (s.properties ? 'object' : 'any'));
  if (type === 'array') return `array of ${typeLabel(s.items, doc)}`;
  return s.format ? `${type} (${s.format})` : type;
}

/**
 * The rows of a schema's properties, nested objects expanded up to `maxDepth`.
 * @example schemaRows(envelopeSchema, openapi) // [{ path: 'id', type: 'string', required: true, description: '…' }, …]
 * @param {any} schema
 * @param {Record<string, any>} doc
 * @param {{ prefix?: string; maxDepth?: number }} [options]
 * @returns {{ path: string; type: string; required: boolean; description: string }[]}
 */
export function schemaRows(schema, doc, { prefix = '', maxDepth = 3 } = {}) {
  const s = flatten(schema, doc);
  if (!s || typeof s !== 'object' || !s.properties) return [];
  const required = new Set(s.required ?? []);
  /** @type {{ path: string; type: string; required: boolean; description: string }[]} */
  const rows = [];
  for (const [name, child] of Object.entries(s.properties)) {
    const c = flatten(child, doc);
    const path = prefix ? `${prefix}.${name}` : name;
    rows.push({ path, type: typeLabel(c, doc), required: required.has(name), description: c?.description ?? '' });
    if (maxDepth > 1 && c?.properties) rows.push(...schemaRows(c, doc, { prefix: path, maxDepth: maxDepth - 1 }));
  }
  return rows;
}
