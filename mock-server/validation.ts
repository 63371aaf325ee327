// Request validation against the contract (generated/openapi.json, JSON Schema 2020-12 via ajv).
// Compiled once per operation at startup; each invalid field becomes one `errors[]` entry whose
// pointer says where it was: /body/recipient/email, /query/limit, /path/credentialId, /header/if-match.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { isMailbox } from './mailbox.js';
import type { FieldError } from './problem.js';

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

/** The subset of an OpenAPI 3.1 document the validator reads. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, unknown>; parameters?: Record<string, unknown>; requestBodies?: Record<string, unknown> };
  [key: string]: unknown;
}

interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Record<string, unknown>;
  style?: string;
  explode?: boolean;
}

/** What an operation's validator checks. */
export interface RequestParts {
  params: Record<string, string>;
  query: Record<string, string[]>;
  headers: Record<string, string | undefined>;
  /** Parsed JSON body, or undefined when there was none. */
  body: unknown;
  hasBody: boolean;
}

/** Validation outcome: on success, the query coerced to its schema types with defaults applied. */
export type RequestValidation = { ok: true; query: Record<string, unknown>; params: Record<string, unknown> } | { ok: false; errors: FieldError[] };

/** A compiled operation. */
export interface OperationValidator {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly hasRequestBody: boolean;
  /** The declared header parameter names (lower-case). */
  readonly headerNames: readonly string[];
  validate(parts: RequestParts): RequestValidation;
}

const compiledByDocument = new WeakMap<OpenApiDocument, Map<string, OperationValidator>>();
const COMPONENTS_ID = 'https://credkit.dev/schemas/openapi-components.json';
const MAX_ERRORS = 25;

/** Rewrites local refs (`#/components/schemas/X`) so they resolve against the registered components. */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${COMPONENTS_ID}${v}` : rewriteRefs(v);
  }
  return out;
}

function resolveRef<T>(doc: OpenApiDocument, value: unknown): T {
  let current = value as Record<string, unknown>;
  for (let depth = 0; depth < 10 && typeof current?.$ref === 'string'; depth++) {
    const pointer = (current.$ref as string).replace(/^#\//, '').split('/');
    let target: unknown = doc;
    for (const part of pointer) target = (target as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (target === undefined) throw new Error(`unresolvable $ref ${String(current.$ref)}`);
    current = target as Record<string, unknown>;
  }
  return current as T;
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

function toFieldErrors(errors: readonly ErrorObject[] | null | undefined, prefix: string): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    let pointer = `${prefix}${e.instancePath}`;
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'required') pointer += `/${escapePointer((e.params as { missingProperty: string }).missingProperty)}`, (message = 'is required');
    else if (e.keyword === 'additionalProperties') pointer += `/${escapePointer((e.params as { additionalProperty: string }).additionalProperty)}`, (message = 'is not a known field');
    else if (e.keyword === 'enum') message = `must be one of: ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
    // oneOf/anyOf/if wrappers repeat what their branches said; the branch errors are the useful ones.
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'if') continue;
    const key = `${pointer}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ pointer, message });
    if (out.length >= MAX_ERRORS) break;
  }
  if (out.length === 0 && errors?.length) out.push({ pointer: prefix || '/', message: errors[0]?.message ?? 'is invalid' });
  return out;
}

/**
 * Compiles a validator per operation of the contract.
 * @example
 * const validators = compileValidators(openapi);
 * validators.get('issueCredential')!.validate({ params: {}, query: {}, headers: {}, body, hasBody: true });
 */
export function compileValidators(doc: OpenApiDocument): Map<string, OperationValidator> {
  // Compiling takes ~100 ms; platforms created from the same document (tests, msw) share the result.
  const cached = compiledByDocument.get(doc);
  if (cached) return cached;
  const strictAjv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, logger: false });
  const coercingAjv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, logger: false, coerceTypes: 'array', useDefaults: true });
  for (const ajv of [strictAjv, coercingAjv]) {
    addFormats(ajv);
    // OpenAPI's numeric formats are hints, not constraints JSON Schema knows.
    for (const f of ['int32', 'int64', 'float', 'double', 'byte', 'binary', 'password']) ajv.addFormat(f, true);
    // ajv-formats' email wants a dot in the domain; JSON Schema's `format: email` is RFC 5321's Mailbox.
    ajv.addFormat('email', isMailbox);
    ajv.addSchema({ $id: COMPONENTS_ID, components: rewriteRefs(doc.components ?? {}) } as never);
  }

  const validators = new Map<string, OperationValidator>();
  for (const [path, pathItem] of Object.entries(doc.paths ?? {})) {
    const shared = (pathItem.parameters as unknown[] | undefined) ?? [];
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = pathItem[method] as { operationId?: string; parameters?: unknown[]; requestBody?: unknown } | undefined;
      if (!op?.operationId) continue;
      const byKey = new Map<string, ParameterObject>();
      for (const p of [...shared, ...(op.parameters ?? [])]) {
        const param = resolveRef<ParameterObject>(doc, p);
        byKey.set(`${param.in}:${param.name}`, param);
      }
      const params = [...byKey.values()];
      const group = (where: ParameterObject['in'], lower = false) => {
        const list = params.filter((p) => p.in === where);
        return {
          list,
          schema: {
            type: 'object',
            properties: Object.fromEntries(list.map((p) => [lower ? p.name.toLowerCase() : p.name, rewriteRefs(p.schema ?? {})])),
            // A missing If-Match is its own answer (428 if-match-required), not a 400: the handler says so.
            required: list.filter((p) => (p.required || where === 'path') && p.name.toLowerCase() !== 'if-match').map((p) => (lower ? p.name.toLowerCase() : p.name)),
          },
        };
      };
      const pathGroup = group('path');
      const queryGroup = group('query');
      // Authorization is checked by the pipeline (401), not as a parameter (400).
      const headerGroup = group('header', true);
      headerGroup.list = headerGroup.list.filter((p) => p.name.toLowerCase() !== 'authorization');
      const pathValidate = coercingAjv.compile(pathGroup.schema);
      const queryValidate = coercingAjv.compile({ ...queryGroup.schema, additionalProperties: false });
      const headerValidate = coercingAjv.compile(headerGroup.schema);
      const queryArrays = new Set(queryGroup.list.filter((p) => (p.schema as { type?: unknown } | undefined)?.type === 'array').map((p) => p.name));
      const queryCommaSeparated = new Set(queryGroup.list.filter((p) => p.explode === false).map((p) => p.name));

      const requestBody = op.requestBody ? resolveRef<{ required?: boolean; content?: Record<string, { schema?: unknown }> }>(doc, op.requestBody) : undefined;
      const bodySchema = requestBody?.content?.['application/json']?.schema;
      const bodyValidate: ValidateFunction | undefined = bodySchema ? strictAjv.compile(rewriteRefs(bodySchema) as object) : undefined;
      const bodyRequired = requestBody?.required === true;

      validators.set(op.operationId, {
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        hasRequestBody: bodyValidate !== undefined,
        headerNames: headerGroup.list.map((p) => p.name.toLowerCase()),
        validate(parts) {
          const errors: FieldError[] = [];
          const pathValues: Record<string, unknown> = { ...parts.params };
          if (!pathValidate(pathValues)) errors.push(...toFieldErrors(pathValidate.errors, '/path'));

          // Null-prototype: `?constructor=1` or `?__proto__` is an unknown name (400), not a prototype write.
          const query: Record<string, unknown> = Object.create(null);
          for (const [name, values] of Object.entries(parts.query)) {
            if (queryArrays.has(name)) query[name] = queryCommaSeparated.has(name) ? values.flatMap((v) => v.split(',')) : values;
            else if (values.length > 1) errors.push({ pointer: `/query/${escapePointer(name)}`, message: 'must be given once' });
            else query[name] = values[0];
          }
          if (!queryValidate(query)) {
            for (const e of toFieldErrors(queryValidate.errors, '/query')) {
              errors.push(e.message === 'is not a known field' ? { ...e, message: 'is not a known query parameter' } : e);
            }
          }

          const headers: Record<string, unknown> = {};
          for (const name of this.headerNames) if (parts.headers[name] !== undefined) headers[name] = parts.headers[name];
          if (!headerValidate(headers)) errors.push(...toFieldErrors(headerValidate.errors, '/header'));

          if (bodyValidate) {
            if (!parts.hasBody) {
              if (bodyRequired) errors.push({ pointer: '/body', message: 'a JSON body is required' });
            } else if (!bodyValidate(parts.body)) errors.push(...toFieldErrors(bodyValidate.errors, '/body'));
          }
          return errors.length ? { ok: false, errors } : { ok: true, query, params: pathValues };
        },
      });
    }
  }
  compiledByDocument.set(doc, validators);
  return validators;
}
