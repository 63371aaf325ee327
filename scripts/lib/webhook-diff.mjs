// The breaking-change rules for webhooks. Redocly's diff treats a webhook like a request (the
// platform "sends" it), which has the wrong polarity: a webhook payload flows from the platform to
// the receiver, so it is judged like a RESPONSE, from the receiver's side.
//
// What breaks receivers (issue 2): removing or renaming a payload field, narrowing an enum, changing
// a type, removing an event type. What does not: adding an optional field, adding an event type.
// Where the issue is silent, response polarity decides (e.g. a new enum value reaches exhaustive
// switches that never saw it: breaking; a field that becomes required: harmless).

/**
 * The rule catalog: every verdict this module can give, with its severity and the reason shown to
 * the author. Data, not branches: tests and docs read the same table.
 * @example WEBHOOK_RULES['webhook-removed'].severity // 'breaking'
 */
export const WEBHOOK_RULES = {
  'webhook-removed': { severity: 'breaking', why: 'receivers subscribed to it stop hearing about those changes' },
  'webhook-added': { severity: 'non-breaking', why: 'receivers ignore event types they do not know' },
  'webhook-method-removed': { severity: 'breaking', why: 'the event is no longer delivered that way' },
  'payload-removed': { severity: 'breaking', why: 'receivers parse a body that is no longer sent' },
  'payload-media-type-removed': { severity: 'breaking', why: 'receivers parse a content type that is no longer sent' },
  'field-removed': { severity: 'breaking', why: 'receivers that read it get nothing (a rename is a removal plus an addition)' },
  'field-added': { severity: 'non-breaking', why: 'receivers ignore fields they do not know' },
  'field-became-optional': { severity: 'breaking', why: 'receivers rely on it being present' },
  'field-became-required': { severity: 'non-breaking', why: 'receivers now always get it' },
  'type-changed': { severity: 'breaking', why: 'receivers parse it as the old type' },
  'format-changed': { severity: 'breaking', why: 'receivers parse it in the old format' },
  'enum-narrowed': { severity: 'breaking', why: 'receivers rely on the removed values' },
  'enum-widened': { severity: 'breaking', why: 'receivers with exhaustive handling meet values they never saw' },
  'const-changed': { severity: 'breaking', why: 'receivers match on the old value' },
  'variants-changed': { severity: 'breaking', why: 'receivers handle the old set of shapes (oneOf/anyOf)' },
};

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const MAX_DEPTH = 64;

/**
 * Compares the `webhooks` of two single-file OpenAPI 3.1 documents (local `#/…` refs only: bundle
 * split contracts first) and returns every change with its verdict.
 * Pointers follow the payload as a receiver sees it (through $refs and allOf), e.g.
 * `#/webhooks/credential.revoked/post/requestBody/content/application~1json/schema/properties/data/properties/status`.
 * @example
 *   for (const c of diffWebhooks(release, working)) console.log(`${c.severity}: ${c.pointer} ${c.message}`);
 * @param {any} base the released contract
 * @param {any} revision the working contract
 * @returns {Array<{ severity: 'breaking' | 'non-breaking', rule: keyof typeof WEBHOOK_RULES, pointer: string, message: string }>}
 */
export function diffWebhooks(base, revision) {
  const changes = [];
  const report = (rule, pointer, what) => {
    const { severity, why } = WEBHOOK_RULES[rule];
    changes.push({ severity, rule, pointer, message: `${what}: ${why} (${rule})` });
  };
  const baseHooks = isObject(base?.webhooks) ? base.webhooks : {};
  const revisionHooks = isObject(revision?.webhooks) ? revision.webhooks : {};

  for (const name of Object.keys(baseHooks)) {
    const pointer = `#/webhooks/${escape(name)}`;
    if (!(name in revisionHooks)) {
      report('webhook-removed', pointer, `event type \`${name}\` was removed`);
      continue;
    }
    const baseItem = deref(base, baseHooks[name]);
    const revisionItem = deref(revision, revisionHooks[name]);
    for (const method of HTTP_METHODS) {
      if (!isObject(baseItem?.[method])) continue;
      if (!isObject(revisionItem?.[method])) {
        report('webhook-method-removed', `${pointer}/${method}`, `\`${method.toUpperCase()}\` of event type \`${name}\` was removed`);
        continue;
      }
      const ctx = { base, revision, report, stack: new Set() };
      comparePayload(ctx, deref(base, baseItem[method].requestBody), deref(revision, revisionItem[method].requestBody), `${pointer}/${method}/requestBody`, name);
    }
  }
  for (const name of Object.keys(revisionHooks)) {
    if (!(name in baseHooks)) report('webhook-added', `#/webhooks/${escape(name)}`, `event type \`${name}\` was added`);
  }
  return changes;
}

function comparePayload(ctx, baseBody, revisionBody, pointer, name) {
  const baseContent = isObject(baseBody?.content) ? baseBody.content : {};
  const revisionContent = isObject(revisionBody?.content) ? revisionBody.content : {};
  if (Object.keys(baseContent).length > 0 && Object.keys(revisionContent).length === 0) {
    ctx.report('payload-removed', pointer, `the payload of \`${name}\` was removed`);
    return;
  }
  for (const [mediaType, baseMedia] of Object.entries(baseContent)) {
    const at = `${pointer}/content/${escape(mediaType)}`;
    if (!(mediaType in revisionContent)) {
      ctx.report('payload-media-type-removed', at, `\`${mediaType}\` payload of \`${name}\` was removed`);
      continue;
    }
    const baseMediaNode = deref(ctx.base, baseMedia);
    const revisionMediaNode = deref(ctx.revision, revisionContent[mediaType]);
    compareSchema(ctx, baseMediaNode?.schema, revisionMediaNode?.schema, `${at}/schema`, '', 0);
  }
}

/** Compares two schemas with response polarity; `field` is the dotted path shown in messages. */
function compareSchema(ctx, baseRaw, revisionRaw, pointer, field, depth) {
  if (baseRaw === undefined || revisionRaw === undefined || depth > MAX_DEPTH) return;
  // A recursive schema (a tree of objects) would loop forever: stop when the same pair of $refs is
  // already being compared further up this path. The same component reached by another path is
  // still compared there, so each event reports its own changes.
  const refPair = refOf(baseRaw) && refOf(revisionRaw) ? `${refOf(baseRaw)}|${refOf(revisionRaw)}` : undefined;
  if (refPair) {
    if (ctx.stack.has(refPair)) return;
    ctx.stack.add(refPair);
  }
  try {
    compareFlattened(ctx, baseRaw, revisionRaw, pointer, field, depth);
  } finally {
    if (refPair) ctx.stack.delete(refPair);
  }
}

function compareFlattened(ctx, baseRaw, revisionRaw, pointer, field, depth) {
  const b = flatten(ctx.base, baseRaw);
  const r = flatten(ctx.revision, revisionRaw);
  const name = field === '' ? 'the payload' : `\`${field}\``;

  if (b.types && r.types && !sameSet(b.types, r.types)) {
    ctx.report('type-changed', pointer, `type of ${name} changed from ${[...b.types].join('|')} to ${[...r.types].join('|')}`);
  } else if ((b.types === undefined) !== (r.types === undefined) && !(b.values || r.values)) {
    ctx.report('type-changed', pointer, `type of ${name} changed from ${b.types ? [...b.types].join('|') : 'any'} to ${r.types ? [...r.types].join('|') : 'any'}`);
  }
  if (b.format !== r.format && (b.format !== undefined || r.format !== undefined)) {
    ctx.report('format-changed', `${pointer}/format`, `format of ${name} changed from ${b.format ?? 'none'} to ${r.format ?? 'none'}`);
  }
  compareValues(ctx, b, r, pointer, name);

  for (const [prop, baseProp] of b.properties) {
    const at = `${pointer}/properties/${escape(prop)}`;
    const sub = field === '' ? prop : `${field}.${prop}`;
    if (!r.properties.has(prop)) {
      const added = [...r.properties.keys()].filter((k) => !b.properties.has(k));
      const renamed = added.length > 0 ? ` (renamed to ${added.map((k) => `\`${k}\``).join(' or ')}?)` : '';
      ctx.report('field-removed', at, `field \`${sub}\` was removed${renamed}`);
      continue;
    }
    if (b.required.has(prop) && !r.required.has(prop)) {
      ctx.report('field-became-optional', at, `field \`${sub}\` is no longer required`);
    } else if (!b.required.has(prop) && r.required.has(prop)) {
      ctx.report('field-became-required', at, `field \`${sub}\` became required`);
    }
    compareSchema(ctx, baseProp, r.properties.get(prop), at, sub, depth + 1);
  }
  for (const prop of r.properties.keys()) {
    if (b.properties.has(prop)) continue;
    const sub = field === '' ? prop : `${field}.${prop}`;
    const optional = r.required.has(prop) ? 'required' : 'optional';
    ctx.report('field-added', `${pointer}/properties/${escape(prop)}`, `${optional} field \`${sub}\` was added`);
  }
  if (b.items !== undefined && r.items !== undefined) {
    compareSchema(ctx, b.items, r.items, `${pointer}/items`, `${field}[]`, depth + 1);
  }
  if (isObject(b.additionalProperties) && isObject(r.additionalProperties)) {
    compareSchema(ctx, b.additionalProperties, r.additionalProperties, `${pointer}/additionalProperties`, `${field}.*`, depth + 1);
  }
  for (const keyword of ['oneOf', 'anyOf']) {
    const bv = b[keyword];
    const rv = r[keyword];
    if (!bv && !rv) continue;
    if (!bv || !rv || bv.length !== rv.length) {
      ctx.report('variants-changed', `${pointer}/${keyword}`, `${keyword} of ${name} went from ${bv?.length ?? 0} to ${rv?.length ?? 0} variants`);
      continue;
    }
    for (let i = 0; i < bv.length; i++) compareSchema(ctx, bv[i], rv[i], `${pointer}/${keyword}/${i}`, field, depth + 1);
  }
}

/** enum and const are both "the allowed values"; compare them as sets (JSON-encoded for objects). */
function compareValues(ctx, b, r, pointer, name) {
  if (!b.values && !r.values) return;
  const at = `${pointer}/${(r.values ? r.valuesKeyword : b.valuesKeyword) ?? 'enum'}`;
  if (b.valuesKeyword === 'const' && r.valuesKeyword === 'const') {
    if (b.values[0] !== r.values[0]) ctx.report('const-changed', at, `const of ${name} changed from ${show(b.values[0])} to ${show(r.values[0])}`);
    return;
  }
  if (b.values && !r.values) {
    ctx.report('enum-widened', at, `${name} is no longer limited to ${b.values.map(show).join(', ')}`);
    return;
  }
  if (!b.values && r.values) {
    ctx.report('enum-narrowed', at, `${name} is now limited to ${r.values.map(show).join(', ')}`);
    return;
  }
  const removed = b.values.filter((v) => !r.values.includes(v));
  const added = r.values.filter((v) => !b.values.includes(v));
  if (removed.length > 0) ctx.report('enum-narrowed', at, `${name} lost values ${removed.map(show).join(', ')}`);
  if (added.length > 0) ctx.report('enum-widened', at, `${name} gained values ${added.map(show).join(', ')}`);
}

/**
 * One schema as a receiver experiences it: $refs followed, allOf branches merged (an envelope plus
 * its event-specific part reads as one object), const folded into the allowed values.
 */
function flatten(doc, raw, depth = 0) {
  const schema = deref(doc, raw);
  const flat = {
    types: undefined,
    format: undefined,
    values: undefined,
    valuesKeyword: undefined,
    properties: new Map(),
    required: new Set(),
    items: undefined,
    additionalProperties: undefined,
    oneOf: undefined,
    anyOf: undefined,
  };
  if (!isObject(schema) || depth > MAX_DEPTH) return flat;
  const parts = [schema, ...(Array.isArray(schema.allOf) ? schema.allOf.map((s) => flatten(doc, s, depth + 1)) : [])];
  for (const [i, part] of parts.entries()) {
    const p = i === 0 ? ownKeywords(part) : part;
    flat.types ??= p.types;
    flat.format ??= p.format;
    if (flat.values === undefined && p.values !== undefined) {
      flat.values = p.values;
      flat.valuesKeyword = p.valuesKeyword;
    }
    for (const [k, v] of p.properties) if (!flat.properties.has(k)) flat.properties.set(k, v);
    for (const k of p.required) flat.required.add(k);
    flat.items ??= p.items;
    flat.additionalProperties ??= p.additionalProperties;
    flat.oneOf ??= p.oneOf;
    flat.anyOf ??= p.anyOf;
  }
  return flat;
}

function ownKeywords(schema) {
  const types = schema.type === undefined ? undefined : new Set(Array.isArray(schema.type) ? schema.type : [schema.type]);
  let values;
  let valuesKeyword;
  if (schema.const !== undefined) {
    values = [canonical(schema.const)];
    valuesKeyword = 'const';
  } else if (Array.isArray(schema.enum)) {
    values = schema.enum.map(canonical);
    valuesKeyword = 'enum';
  }
  return {
    types,
    format: typeof schema.format === 'string' ? schema.format : undefined,
    values,
    valuesKeyword,
    properties: new Map(Object.entries(isObject(schema.properties) ? schema.properties : {})),
    required: new Set(Array.isArray(schema.required) ? schema.required : []),
    items: schema.items,
    additionalProperties: schema.additionalProperties,
    oneOf: Array.isArray(schema.oneOf) ? schema.oneOf : undefined,
    anyOf: Array.isArray(schema.anyOf) ? schema.anyOf : undefined,
  };
}

/** Follows local `#/…` refs inside one document. */
function deref(doc, node) {
  for (let hops = 0; isObject(node) && typeof node.$ref === 'string'; hops++) {
    if (hops > MAX_DEPTH || !node.$ref.startsWith('#')) return undefined;
    node = resolvePointer(doc, node.$ref.slice(1));
  }
  return node;
}

function resolvePointer(doc, pointer) {
  let node = doc;
  for (const token of pointer.split('/').slice(1)) {
    const key = decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = node[key];
  }
  return node;
}

function refOf(node) {
  return isObject(node) && typeof node.$ref === 'string' ? node.$ref : undefined;
}

/** RFC 6901 escaping of one pointer token. */
function escape(token) {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

function canonical(value) {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : value;
}

function show(value) {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

function sameSet(a, b) {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
