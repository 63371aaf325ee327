// Step: the contract's `webhooks` → generated/events.ts (event catalog, typed union) and
// generated/event-validators.ts (ajv standalone code: validates each event type with no runtime
// dependency, so credkit/webhooks ships nothing but node:crypto and this file).
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { banner, tsLiteral } from './util.mjs';

const FAMILY_BY_TAG = {
  'Credential events': 'credentials',
  'Screening events': 'screening cases',
  'Business events': 'business verification',
  'Endpoint events': 'endpoints',
};

/** Every component schema under $defs, with refs rewritten, so one schema holds the whole contract's types. */
function schemaBundle(openapi) {
  const rewrite = (value) => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value && typeof value === 'object') {
      const out = {};
      for (const [k, v] of Object.entries(value)) {
        if (k === '$ref' && typeof v === 'string') out[k] = v.replace('#/components/schemas/', 'contract#/$defs/');
        else if (k === 'discriminator' || k === 'example') continue; // OpenAPI-only keywords
        else out[k] = rewrite(v);
      }
      return out;
    }
    return value;
  };
  return { $id: 'contract', $defs: rewrite(openapi.components.schemas) };
}

/** Reads the catalog out of the bundled contract: one entry per webhook, in contract order. */
export function readCatalog(openapi) {
  return Object.entries(openapi.webhooks).map(([type, item]) => {
    const op = item.post;
    const media = op.requestBody.content['application/json'];
    const schemaName = media.schema.$ref.replace('#/components/schemas/', '');
    const first = Object.values(media.examples)[0];
    const example = (first.$ref ? openapi.components.examples[first.$ref.replace('#/components/examples/', '')] : first).value;
    if (example.type !== type) throw new Error(`webhooks.${type}: its example has type "${example.type}"`);
    return {
      type,
      schemaName,
      family: FAMILY_BY_TAG[op.tags[0]] ?? op.tags[0],
      object: example.data.object,
      summary: op.summary,
      description: op.description,
      emittedBy: op['x-credkit-emitted-by'] ?? [],
      transitions: op['x-credkit-transitions'] ?? [],
      example,
    };
  });
}

export default async function eventsStep(ctx) {
  const catalog = readCatalog(ctx.openapi);
  ctx.catalog = catalog;

  const ajv = new Ajv2020({
    allErrors: true,
    strict: false,
    validateFormats: false, // tolerant reader: formats are the sender's promise, not a reason to drop an event
    code: { source: true, esm: true, lines: true },
  });
  ajv.addSchema(schemaBundle(ctx.openapi));
  const exportsMap = Object.fromEntries(catalog.map((e) => [`validate_${e.schemaName}`, `contract#/$defs/${e.schemaName}`]));
  const code = standaloneCode(ajv, exportsMap);
  if (/\brequire\(/.test(code)) throw new Error('event validators need a runtime import; keep the event schemas to keywords ajv compiles inline');

  const validators = [
    banner('the webhook schemas of spec/openapi.yaml (ajv standalone)'),
    '// @ts-nocheck: machine-written validation code',
    '/* eslint-disable */',
    code,
  ].join('\n');

  const types = catalog.map((e) => `  | components['schemas']['${e.schemaName}']`).join('\n');
  const entries = catalog.map((e) => ({ ...e, schemaName: undefined }));
  const body = `${banner('the webhooks of spec/openapi.yaml')}
import type { components } from './api.js';
import * as validators from './event-validators.js';

/** Every event type of the catalog, in contract order. */
export const eventTypes = ${tsLiteral(catalog.map((e) => e.type))} as const;

/** An event type of the catalog. */
export type WebhookEventType = (typeof eventTypes)[number];

/** Any event of the catalog: the native envelope, discriminated on \`type\`. */
export type WebhookEvent =
${types};

/** The event of one type, e.g. \`WebhookEventOf<'credential.revoked'>\`. */
export type WebhookEventOf<T extends WebhookEventType> = Extract<WebhookEvent, { type: T }>;

/** What the catalog says about one event type. */
export interface EventCatalogEntry<T extends WebhookEventType = WebhookEventType> {
  readonly type: T;
  /** credentials, screening cases, business verification or endpoints. */
  readonly family: string;
  /** The \`data.object\` kind the event is about. */
  readonly object: string;
  readonly summary: string;
  readonly description: string;
  /** The operations and lifecycle steps that record this event. */
  readonly emittedBy: readonly string[];
  /** The state transitions of the object that record it (\`from → to\`). */
  readonly transitions: readonly string[];
  /** A realistic payload that validates against the contract. */
  readonly example: WebhookEventOf<T>;
}

/** The event catalog, by type. */
export const eventCatalog: { readonly [T in WebhookEventType]: EventCatalogEntry<T> } = ${tsLiteral(
    Object.fromEntries(entries.map((e) => [e.type, JSON.parse(JSON.stringify(e))])),
  )};

/** Where an event breaks the contract: a JSON pointer into the event and what is wrong there. */
export interface EventSchemaError {
  readonly pointer: string;
  readonly message: string;
}

type CompiledValidator = ((value: unknown) => boolean) & {
  errors?: { instancePath: string; message?: string; params?: Record<string, unknown> }[] | null;
};

const validatorByType: Record<string, CompiledValidator> = {
${catalog.map((e) => `  '${e.type}': validators.validate_${e.schemaName} as CompiledValidator,`).join('\n')}
};

/**
 * Validates an event of a known type against its contract schema (formats are not enforced).
 * @example validateWebhookEvent(JSON.parse(body)) // { ok: true } or { ok: false, errors: [{ pointer: '/data/revision', message: 'must be integer' }] }
 */
export function validateWebhookEvent(value: unknown): { ok: true } | { ok: false; errors: EventSchemaError[] } {
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  const validate = typeof type === 'string' ? validatorByType[type] : undefined;
  if (!validate) {
    return { ok: false, errors: [{ pointer: '/type', message: \`must be one of the \${eventTypes.length} event types of the catalog\` }] };
  }
  if (validate(value)) return { ok: true };
  return {
    ok: false,
    errors: (validate.errors ?? []).map((e) => ({
      pointer: e.instancePath || '/',
      message: e.params && 'additionalProperty' in e.params ? \`\${e.message} (\${String(e.params.additionalProperty)})\` : (e.message ?? 'is invalid'),
    })),
  };
}

/** Whether a string is an event type of this contract version (receivers must tolerate others). */
export function isKnownEventType(type: string): type is WebhookEventType {
  return Object.prototype.hasOwnProperty.call(validatorByType, type);
}
`;
  return [
    { path: 'generated/events.ts', content: body },
    { path: 'generated/event-validators.ts', content: validators },
  ];
}
